package dev.compass.solvers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PlanCost;
import dev.compass.costmodel.RangeScanner;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.plan.PartitionPlan;
import dev.compass.formulation.zoo.ModelZoo;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/**
 * {@link FixedCuts} against exhaustive enumeration: for random valid cuts, every combination of every
 * partition's candidate targets (all of them, not only the Pareto front) is evaluated and the best
 * objective must equal FixedCuts' value and the re-evaluated cost of its plan.
 */
class FixedCutsTest {
  static final long SEED = 11;

  @Test
  void equalsExhaustiveSearchOverTargetCombinations() {
    int checked = 0;
    for (String hw : List.of("compass-l", "compass-m")) {
      CostModel model = CostModel.of(ModelZoo.build("squeezenet1_0"), HardwarePresets.get(hw), 16);
      RandomGenerator r = RandomGeneratorFactory.of("L64X256MixRandom").create(SEED);
      for (int k = 0; k < 40; k++) {
        int[] starts = k == 0 ? GreedyCuts.starts(model) : randomStarts(model, r);
        double[][][] cand = candidates(model, starts);
        long combos = 1;
        for (double[][] c : cand) combos = Math.min(Long.MAX_VALUE / 1000, combos * c[0].length);
        if (combos > 200_000) continue;
        checked++;
        for (Objective o : List.of(Objective.LATENCY, Objective.ENERGY, Objective.EDP, Objective.weighted(0.8))) {
          double expected = exhaustive(cand, o);
          FixedCuts fc = new FixedCuts(model);
          String as = o + " on " + hw + " cuts " + Arrays.toString(starts) + " (seed " + SEED + ")";
          assertThat(fc.value(starts, o).orElseThrow()).as(as).isCloseTo(expected, Percentage.withPercentage(1e-9));
          PlanCost plan = fc.plan(starts, o).orElseThrow();
          assertThat(model.evaluate(plan.plan()).value(o)).as(as).isCloseTo(expected, Percentage.withPercentage(1e-9));
        }
      }
    }
    assertThat(checked).as("cut sets small enough to enumerate").isGreaterThanOrEqualTo(10);
  }

  /** Random valid cuts: from each first unit, a last unit drawn uniformly from its valid window. */
  static int[] randomStarts(CostModel m, RandomGenerator r) {
    int[] buf = new int[m.units()];
    int n = 0;
    int i = 0;
    while (i < m.units()) {
      buf[n++] = i;
      int hi = Math.max(i, m.maxLast(i));
      // favour long partitions so that few partitions (enumerable combinations) are common
      int lo = Math.max(i, hi - 3);
      i = r.nextInt(lo, hi + 1) + 1;
    }
    return Arrays.copyOf(buf, n);
  }

  /** [partition][0 = T, 1 = E][candidate], every candidate target of each partition. */
  static double[][][] candidates(CostModel m, int[] starts) {
    RangeScanner sc = m.scanner();
    double[][][] out = new double[starts.length][][];
    for (int k = 0; k < starts.length; k++) {
      int j = PartitionPlan.lastUnit(starts, k, m.units());
      sc.setRange(starts[k], j);
      double[] tau = new double[sc.maxCandidates()];
      double[] t = new double[tau.length];
      double[] e = new double[tau.length];
      int n = sc.candidates(tau, t, e);
      out[k] = new double[][] {Arrays.copyOf(t, n), Arrays.copyOf(e, n)};
    }
    return out;
  }

  static double exhaustive(double[][][] cand, Objective o) {
    int[] idx = new int[cand.length];
    double best = Double.POSITIVE_INFINITY;
    while (true) {
      double t = 0;
      double e = 0;
      for (int k = 0; k < cand.length; k++) {
        t += cand[k][0][idx[k]];
        e += cand[k][1][idx[k]];
      }
      best = Math.min(best, o.value(t, e));
      int k = 0;
      while (k < cand.length && ++idx[k] == cand[k][0].length) idx[k++] = 0;
      if (k == cand.length) return best;
    }
  }
}
