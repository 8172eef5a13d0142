package dev.compass.bench.workbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.plan.Objective;
import dev.compass.solvers.PartitionSolver;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.baseline.GreedySolver;
import dev.compass.solvers.dp.DpSolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HarnessTest {
  static Problems problems;
  static List<ResultRow> rows;

  @BeforeAll
  static void solveTinyGrid() {
    problems = Fixtures.problems();
    rows = Fixtures.solve(problems, "latency");
  }

  @Test
  void oneRowPerSolverInGridOrder() {
    assertThat(rows).extracting(ResultRow::solver).containsExactly("dp", "greedy", "layerwise");
    assertThat(rows).extracting(ResultRow::status).containsExactly("OPTIMAL", "FEASIBLE", "FEASIBLE");
    assertThat(rows).allSatisfy(r -> {
      assertThat(r.instance()).isEqualTo(new Instance("squeezenet1_0", "compass-s", 16, "latency"));
      assertThat(r.error()).isEmpty();
      assertThat(r.hasPlan()).isTrue();
    });
  }

  @Test
  void rowFieldsAgreeWithEachOtherAndWithTheSolversCalledDirectly() {
    CostModel m = problems.model("squeezenet1_0", "compass-s", 16);
    SolverResult dp = new DpSolver().solve(m, Objective.LATENCY, SolverOptions.DEFAULT);
    SolverResult greedy = new GreedySolver().solve(m, Objective.LATENCY, SolverOptions.DEFAULT);
    assertThat(rows.get(0).objectiveValue()).isEqualTo(dp.objectiveValue());
    assertThat(rows.get(1).objectiveValue()).isEqualTo(greedy.cost().orElseThrow().latencySeconds());
    for (ResultRow r : rows) {
      // objective latency: the objective is T; EDP = E*T; throughput = B/T; partitions = tokens of the plan
      assertThat(r.objectiveValue()).isEqualTo(r.latencySeconds());
      assertThat(r.edp()).isCloseTo(r.energyJoules() * r.latencySeconds(), within(1e-15));
      assertThat(r.throughput()).isCloseTo(16 / r.latencySeconds(), within(1e-6));
      assertThat(r.partitions()).isEqualTo(r.plan().split(" ").length);
      assertThat(r.rooflineSeconds()).isEqualTo(m.rooflineSeconds());
      assertThat(r.rooflineFraction()).isCloseTo(r.rooflineSeconds() / r.latencySeconds(), within(1e-12));
      assertThat(r.rooflineFraction()).isBetween(0.0, 1.0);
      assertThat(r.simLatencySeconds()).isNaN(); // no simulator plugged in
    }
    assertThat(rows.get(0).lowerBound()).isEqualTo(dp.lowerBound());
  }

  @Test
  void gapsAreToTheDpOptimum() {
    List<ResultRow> g = InstanceSummary.withGaps(rows);
    double opt = rows.get(0).objectiveValue();
    assertThat(g.get(0).gap()).isZero();
    assertThat(g.get(1).gap()).isCloseTo((rows.get(1).objectiveValue() - opt) / opt, within(1e-12));
    assertThat(g.get(2).gap()).isCloseTo((rows.get(2).objectiveValue() - opt) / opt, within(1e-12));
    assertThat(g.get(1).gap()).isPositive();
  }

  @Test
  void ratiosAreComputedFromTheRowsBesideThePapersFigures() {
    InstanceSummary s = InstanceSummary.of(InstanceSummary.withGaps(rows)).get(0);
    assertThat(s.optimumSolver()).isEqualTo("dp");
    assertThat(s.optimumValue()).isEqualTo(rows.get(0).objectiveValue());
    InstanceSummary.Ratio g = s.ratio("dp", "greedy").orElseThrow();
    assertThat(g.ours()).isEqualTo(rows.get(1).objectiveValue() / rows.get(0).objectiveValue());
    assertThat(g.paper()).isEqualTo(2.24); // SqueezeNet throughput vs greedy in the paper
    InstanceSummary.Ratio l = s.ratio("dp", "layerwise").orElseThrow();
    assertThat(l.ours()).isEqualTo(rows.get(2).objectiveValue() / rows.get(0).objectiveValue());
    assertThat(l.paper()).isEqualTo(1.98);
    assertThat(s.ratio("genetic", "greedy")).isEmpty(); // no genetic row in this grid
    assertThat(s.rooflineFraction()).isCloseTo(s.rooflineSeconds() / rows.get(0).latencySeconds(), within(1e-12));
  }

  @Test
  void skippedKeysAreNotSolved() {
    Set<String> skip = Set.of(new Instance("squeezenet1_0", "compass-s", 16, "latency").key("greedy"));
    List<ResultRow> r = new Harness(problems, SimulatorHook.NONE, Fixtures.settings(), Harness.Listener.NONE)
        .run(Fixtures.grid("latency"), skip);
    assertThat(r).extracting(ResultRow::solver).containsExactly("dp", "layerwise");
  }

  @Test
  void aThrowingOrHangingSolverBecomesARowAndTheRunGoesOn() {
    PartitionSolver boom = new PartitionSolver() {
      @Override public String name() { return "boom"; }
      @Override public boolean exact() { return false; }
      @Override public SolverResult solve(CostModel model, Objective objective, SolverOptions options) {
        throw new IllegalStateException("solver exploded, on purpose");
      }
    };
    PartitionSolver hang = new PartitionSolver() {
      @Override public String name() { return "hang"; }
      @Override public boolean exact() { return false; }
      @Override public SolverResult solve(CostModel model, Objective objective, SolverOptions options) {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("woke up");
      }
    };
    Map<String, PartitionSolver> byName = Map.of("boom", boom, "hang", hang, "dp", new DpSolver());
    Grid grid = new Grid(List.of("squeezenet1_0"), List.of("compass-s"), List.of(16), List.of("latency"), List.of("boom", "hang", "dp"));
    List<String> heard = new ArrayList<>();
    Harness.Listener listener = new Harness.Listener() {
      @Override
      public synchronized void finished(ResultRow row, int done, int total) {
        heard.add(row.solver() + " " + done + "/" + total);
      }
    };
    Harness.Settings quick = new Harness.Settings(0.1, 1, 1, 3, 0.5);
    long t0 = System.nanoTime();
    List<ResultRow> r = new Harness(problems, SimulatorHook.NONE, quick, listener, byName::get).run(grid, Set.of());
    assertThat((System.nanoTime() - t0) / 1e9).as("the hanging solve is abandoned after 0.5 s").isLessThan(20);
    assertThat(r).extracting(ResultRow::solver).containsExactly("boom", "hang", "dp");
    assertThat(r.get(0).status()).isEqualTo("ERROR");
    assertThat(r.get(0).error()).contains("solver exploded, on purpose");
    assertThat(r.get(0).hasPlan()).isFalse();
    assertThat(r.get(1).status()).isEqualTo("TIMEOUT");
    assertThat(r.get(1).error()).contains("abandoned");
    assertThat(r.get(2).status()).isEqualTo("OPTIMAL");
    assertThat(heard).hasSize(3);
    // the failed rows have no gap; the dp row still has gap 0
    List<ResultRow> g = InstanceSummary.withGaps(r);
    assertThat(g.get(0).gap()).isNaN();
    assertThat(g.get(2).gap()).isZero();
  }

  @Test
  void aSimulatorHookFillsTheSimulatorColumns() {
    // a stand-in simulator that reports 10% more latency than the cost model
    SimulatorHook slow = (model, plan) -> Optional.of(new SimulatorHook.Measured(model.evaluate(plan).latencySeconds() * 1.1, Double.NaN));
    List<ResultRow> r = new Harness(problems, slow, Fixtures.settings(), Harness.Listener.NONE).run(Fixtures.grid("latency"), Set.of());
    assertThat(r).allSatisfy(x -> {
      assertThat(x.simLatencySeconds()).isCloseTo(x.latencySeconds() * 1.1, within(1e-12));
      assertThat(x.simDeviation()).isCloseTo(0.1, within(1e-9));
    });
  }

  record Point(int generation, double best, double mean) {}

  record Trace(List<Point> points) {}

  @Test
  void theGeneticTraceIsReadStructurally() {
    Trace t = new Trace(List.of(new Point(0, 3.0, 4.0), new Point(1, 2.5, 3.0), new Point(2, 2.0, 2.2)));
    assertThat(Harness.trace(Map.of("trace", t))).containsExactly(3.0, 2.5, 2.0);
    assertThat(Harness.trace(Map.of("trace", List.of(1.0, 0.5)))).containsExactly(1.0, 0.5);
    assertThat(Harness.trace(Map.of("nodes", 5))).isEmpty();
    assertThat(Harness.trace(Map.of("trace", "not a trace"))).isEmpty();
  }

  @Test
  void theDefaultPerSolverLimitsCapTheSolversThatEndOnTheirOwnAndShareTheBudgetAmongTheOthers() {
    List<String> all = List.of("dp", "greedy", "layerwise", "genetic", "lp-path", "ilp-path", "ilp-path-scip", "ilp-compact", "cp",
        "cp-compact");
    // the shape of compare --models resnet18 (6 instances x 10 solvers = 60 solves) with a 5 s budget (compare's is
    // RunOptions.BUDGET_SECONDS); ilp-compact, cp-compact: 60 * 2 / 10 = 12 solves share 5 s * 2 threads: 10 / 12 = 0.83 -> 0.8 s; the path solvers and genetic get the 10 s cap; dp and the
    // baselines none
    var limits = Harness.budgetedSolverLimits(all, 60, 2, 5);
    assertThat(limits).containsOnlyKeys("genetic", "lp-path", "ilp-path", "ilp-path-scip", "ilp-compact", "cp", "cp-compact");
    assertThat(limits.get("lp-path")).isEqualTo(10.0);
    assertThat(limits.get("cp")).isEqualTo(10.0);
    assertThat(limits.get("genetic")).isEqualTo(10.0);
    assertThat(limits.get("cp-compact")).isEqualTo(0.8);
    // the default grid, 18 instances: 36 such solves, 10 / 36 = 0.28 s, raised to 0.5 s
    assertThat(Harness.budgetedSolverLimits(all, 180, 2, 5).get("ilp-compact")).isEqualTo(0.5);
    // settings hand each solver its own limit, and the rest the common one
    Harness.Settings s = Harness.Settings.of(0.8, 1, 1, 2).withSolverLimits(limits);
    assertThat(s.options("cp", dev.compass.solvers.SolverOptions.Progress.NONE).timeLimitSeconds()).isEqualTo(10.0);
    assertThat(s.options("dp", dev.compass.solvers.SolverOptions.Progress.NONE).timeLimitSeconds()).isEqualTo(0.8);
    assertThat(s.abandonAfterSeconds()).isEqualTo(30.0);
  }
}
