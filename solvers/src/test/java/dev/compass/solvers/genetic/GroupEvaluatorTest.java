package dev.compass.solvers.genetic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.zoo.ModelZoo;
import dev.compass.solvers.FixedCuts;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/**
 * The fitness equals the objective of the plan the solver reports for the same cuts
 * ({@link FixedCuts#optimize}, re-evaluated by the cost model; FixedCuts itself is checked against
 * exhaustive enumeration in FixedCutsTest).
 */
class GroupEvaluatorTest {

  @Test
  void fitnessEqualsTheObjectiveOfTheReportedPlan() {
    CostModel model = CostModel.of(ModelZoo.build("squeezenet1_0"), HardwarePresets.get("compass-s"), 16);
    ValidityMap map = ValidityMap.of(model);
    for (Objective o : List.of(Objective.LATENCY, Objective.ENERGY, Objective.EDP, Objective.weighted(0.8))) {
      GroupEvaluator ev = new GroupEvaluator(model, o);
      RandomGenerator r = RandomGeneratorFactory.of("L64X256MixRandom").create(7);
      for (int k = 0; k < 25; k++) {
        int[] starts = k == 0 ? map.greedyStarts() : map.randomStarts(r);
        double expected = model.evaluate(FixedCuts.optimize(model, starts, o).orElseThrow().plan()).value(o);
        assertThat(ev.evaluate(starts)).as("%s cuts %s", o, Arrays.toString(starts)).isCloseTo(expected, Percentage.withPercentage(1e-9));
      }
      assertThat(ev.evaluations()).isEqualTo(25);
    }
  }

  @Test
  void frontsArePareto() {
    CostModel model = CostModel.of(ModelZoo.build("resnet18"), HardwarePresets.get("compass-m"), 16);
    GroupEvaluator ev = new GroupEvaluator(model, Objective.EDP);
    ValidityMap map = ValidityMap.of(model);
    for (int i = 0; i < model.units(); i += 7) {
      FixedCuts.Front f = ev.front(i, map.maxLast(i));
      for (int k = 1; k < f.latency().length; k++) {
        assertThat(f.latency()[k]).isGreaterThan(f.latency()[k - 1]);
        assertThat(f.energy()[k]).isLessThan(f.energy()[k - 1]);
      }
      assertThat(ev.front(i, map.maxLast(i))).isSameAs(f); // cached
    }
  }
}
