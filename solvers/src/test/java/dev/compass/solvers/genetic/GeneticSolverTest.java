package dev.compass.solvers.genetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.InputException;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.io.Json;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.zoo.ModelZoo;
import dev.compass.solvers.Certifier;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.Status;
import dev.compass.solvers.baseline.GreedySolver;
import dev.compass.solvers.dp.DpSolver;
import java.util.List;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GeneticSolverTest {
  static CostModel model;

  @BeforeAll
  static void setUp() {
    model = CostModel.of(ModelZoo.build("squeezenet1_0"), HardwarePresets.get("compass-m"), 16);
  }

  static SolverOptions seed(long s) {
    return SolverOptions.DEFAULT.withSeed(s).withTimeLimit(0);
  }

  @Test
  void theSameSeedGivesTheSamePlanAndTrace() {
    for (Objective o : List.of(Objective.LATENCY, Objective.EDP)) {
      SolverResult a = new GeneticSolver().solve(model, o, seed(11));
      SolverResult b = new GeneticSolver().solve(model, o, seed(11));
      assertThat(b.plan()).isEqualTo(a.plan());
      assertThat(b.objectiveValue()).isEqualTo(a.objectiveValue());
      assertThat(GeneticTrace.of(b)).isEqualTo(GeneticTrace.of(a));
      assertThat(((GeneticStatistics) b.statistics()).evaluations()).isEqualTo(((GeneticStatistics) a.statistics()).evaluations());
    }
  }

  @Test
  void concurrentRunsDoNotShareRandomness() throws Exception {
    // the seeded generator is installed per thread (RandomRegistry.with): parallel runs equal serial ones
    SolverResult serial = new GeneticSolver().solve(model, Objective.EDP, seed(21));
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var a = pool.submit(() -> new GeneticSolver().solve(model, Objective.EDP, seed(21)));
      var b = pool.submit(() -> new GeneticSolver().solve(model, Objective.EDP, seed(22)));
      assertThat(a.get().plan()).isEqualTo(serial.plan());
      assertThat(GeneticTrace.of(a.get())).isEqualTo(GeneticTrace.of(serial));
      assertThat(b.get().plan()).isEqualTo(new GeneticSolver().solve(model, Objective.EDP, seed(22)).plan());
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void theConfiguredSeedOverridesTheOptionsSeed() {
    SolverResult a = new GeneticSolver(GeneticSolver.Config.DEFAULT.withSeed(5)).solve(model, Objective.LATENCY, seed(99));
    SolverResult b = new GeneticSolver().solve(model, Objective.LATENCY, seed(5));
    assertThat(a.plan()).isEqualTo(b.plan());
    assertThat(((GeneticStatistics) a.statistics()).seed()).isEqualTo(5L);
  }

  @Test
  void theResultIsAFeasibleCertifiedPlanWithAConsistentTrace() {
    for (Objective o : List.of(Objective.LATENCY, Objective.ENERGY, Objective.EDP, Objective.weighted(2.0))) {
      SolverResult r = new GeneticSolver().solve(model, o, seed(3));
      assertThat(r.status()).isEqualTo(Status.FEASIBLE);
      assertThat(r.solver()).isEqualTo("genetic");
      assertThat(Certifier.check(model.mapping(), r.plan())).isEmpty();
      assertThat(r.certificate().orElseThrow().feasible()).isTrue();
      assertThat(r.certificate().orElseThrow().optimal()).isFalse();
      // the reported value is the cost model's, recomputed from the plan alone
      assertThat(model.evaluate(r.plan()).value(o)).isCloseTo(r.objectiveValue(), Percentage.withPercentage(1e-9));
      // the GA's own fitness of its best group is the reported value
      assertThat(((GeneticStatistics) r.statistics()).fitness()).isCloseTo(r.objectiveValue(), Percentage.withPercentage(1e-9));
      GeneticTrace t = GeneticTrace.of(r).orElseThrow();
      assertThat(t.points()).hasSize(31); // generation 0 and 30 generations
      assertThat(((GeneticStatistics) r.statistics()).generations()).isEqualTo(30);
      for (int g = 1; g < t.points().size(); g++) {
        assertThat(t.points().get(g).best()).isLessThanOrEqualTo(t.points().get(g - 1).best()); // the best survives
      }
      for (GeneticTrace.Point p : t.points()) assertThat(p.mean()).isGreaterThanOrEqualTo(p.best() * (1 - 1e-12));
      assertThat(t.finalBest()).isEqualTo(((GeneticStatistics) r.statistics()).fitness());
      // evaluations: the 100 initial individuals plus at most the 60 offspring of each of the 30 generations
      assertThat(((GeneticStatistics) r.statistics()).evaluations()).isBetween(100L + 30, 100L + 30 * 60);
    }
  }

  @Test
  void neverBetterThanTheOptimum() {
    for (Objective o : List.of(Objective.LATENCY, Objective.ENERGY, Objective.EDP)) {
      double opt = new DpSolver().solve(model, o, SolverOptions.DEFAULT).objectiveValue();
      for (long s = 1; s <= 3; s++) {
        double ga = new GeneticSolver().solve(model, o, seed(s)).objectiveValue();
        assertThat(ga).as("%s seed %d", o, s).isGreaterThanOrEqualTo(opt * (1 - 1e-12));
      }
    }
  }

  @Test
  void withTheGreedySeedTheInitialPopulationIsAtLeastAsGoodAsGreedy() {
    GeneticSolver zeroGenerations = new GeneticSolver(GeneticSolver.Config.DEFAULT.withGenerations(0).withGreedySeed(true));
    for (Objective o : List.of(Objective.LATENCY, Objective.EDP)) {
      double greedy = new GreedySolver().solve(model, o, SolverOptions.DEFAULT).objectiveValue();
      SolverResult r = zeroGenerations.solve(model, o, seed(1));
      assertThat(GeneticTrace.of(r).orElseThrow().points()).hasSize(1);
      assertThat(r.objectiveValue()).isLessThanOrEqualTo(greedy * (1 + 1e-12));
    }
  }

  @Test
  void crossoverOffspringAreRepairedNotDropped() {
    // squeezenet1_0 fits compass-m whole (every range is valid); on resnet18 junctions can overflow
    CostModel resnet = CostModel.of(ModelZoo.build("resnet18"), HardwarePresets.get("compass-m"), 16);
    SolverResult r = new GeneticSolver(GeneticSolver.Config.DEFAULT.withCrossover(1.0)).solve(resnet, Objective.LATENCY, seed(4));
    assertThat(((GeneticStatistics) r.statistics()).repairs()).isPositive();
    assertThat(Certifier.check(resnet.mapping(), r.plan())).isEmpty();
    assertThat(GeneticTrace.of(r).orElseThrow().points()).hasSize(31);
  }

  @Test
  void coreAllocationWorks() {
    // CORE: a scan step adds an array but not always a core, so a range can have more candidate
    // targets than cores + 1 (regression: the fitness sized its buffers by RangeScanner.maxCandidates())
    String text = HardwarePresets.text("compass-s").replace("\"allocation\": \"ARRAY\"", "\"allocation\": \"CORE\"");
    CostModel core = CostModel.of(ModelZoo.build("resnet18"), Json.readHardware(text, "compass-s with CORE"), 16);
    assertThat(core.hardware().allocation()).isEqualTo(Allocation.CORE);
    for (Objective o : List.of(Objective.LATENCY, Objective.EDP)) {
      SolverResult r = new GeneticSolver().solve(core, o, seed(2));
      assertThat(Certifier.check(core.mapping(), r.plan())).isEmpty();
      assertThat(r.objectiveValue()).isGreaterThanOrEqualTo(new DpSolver().solve(core, o, SolverOptions.DEFAULT).objectiveValue() * (1 - 1e-12));
    }
  }

  @Test
  void aTimeLimitStopsTheRunWithAFeasiblePlan() {
    SolverResult r = new GeneticSolver(GeneticSolver.Config.DEFAULT.withTimeLimit(1e-9)).solve(model, Objective.LATENCY, seed(1));
    assertThat(((GeneticStatistics) r.statistics()).stoppedByTimeLimit()).isEqualTo(true);
    assertThat(((GeneticStatistics) r.statistics()).generations()).isLessThan(30);
    assertThat(Certifier.check(model.mapping(), r.plan())).isEmpty();
  }

  @Test
  void badParametersAreInputErrors() {
    assertThatThrownBy(() -> new GeneticSolver(1, 30)).isInstanceOf(InputException.class).hasMessageContaining("population").satisfies(e -> assertThat(e.getMessage()).doesNotContain("--"));
    assertThatThrownBy(() -> new GeneticSolver(100, -1)).isInstanceOf(InputException.class).hasMessageContaining("generations");
    assertThatThrownBy(() -> GeneticSolver.Config.DEFAULT.withCrossover(1.5)).isInstanceOf(InputException.class);
  }
}
