package dev.compass.it;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PartitionCost;
import dev.compass.costmodel.PlanCost;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.zoo.ModelZoo;
import dev.compass.pimsim.PimSim;
import dev.compass.pimsim.program.Program;
import dev.compass.pimsim.sim.PartitionResult;
import dev.compass.pimsim.sim.ScheduleBound;
import dev.compass.pimsim.sim.SimResult;
import dev.compass.solvers.PartitionSolver;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.baseline.GreedySolver;
import dev.compass.solvers.baseline.LayerwiseSolver;
import dev.compass.solvers.dp.DpSolver;
import dev.compass.solvers.genetic.GeneticSolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Helpers of {@link SimulatorAgreementTest}: one instance (model, chip, batch, solver, objective)
 * solved by the cost model's solver, compiled and simulated, and the two sets of numbers side by
 * side.
 */
final class SimAgreement {
  private SimAgreement() {}

  private static final Map<String, Network> NETWORKS = new ConcurrentHashMap<>();

  static Network network(String model) {
    return NETWORKS.computeIfAbsent(model, ModelZoo::build);
  }

  /** The solvers of the suite: name, solver, objective. */
  record Plan(String name, PartitionSolver solver, Objective objective) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final Plan DP_LATENCY = new Plan("dp", new DpSolver(), Objective.LATENCY);
  static final Plan DP_EDP = new Plan("dp-edp", new DpSolver(), Objective.EDP);
  static final Plan GREEDY = new Plan("greedy", new GreedySolver(), Objective.LATENCY);
  static final Plan LAYERWISE = new Plan("layerwise", new LayerwiseSolver(), Objective.LATENCY);
  /**
   * The genetic algorithm, seeded (SolverOptions' seed 1); 30 x 10 in the default run to keep the
   * suites fast ({@code -Dcompass.sim.gaPopulation=100 -Dcompass.sim.gaGenerations=30} for the
   * paper's setting).
   */
  static final Plan GENETIC = new Plan("genetic", new GeneticSolver(Integer.getInteger("compass.sim.gaPopulation", 30),
      Integer.getInteger("compass.sim.gaGenerations", 10)), Objective.LATENCY);
  /** The DP's optimum and the plans it must not simulate slower than. */
  static final List<Plan> RANKED = List.of(DP_LATENCY, GREEDY, LAYERWISE, GENETIC);
  /** Slack of the ranking rule: the DP's plan simulates at most 1% slower than any other plan. */
  static final double RANK_SLACK = 0.01;

  /** One compared instance, with the lower bound on any execution of its program. */
  record Row(String model, String hw, int batch, String plan, CostModel costModel, PlanCost cost, Program program,
      SimResult sim, ScheduleBound.Bound bound) {
    /** Compiles {@code cost}'s plan, simulates it and bounds it. */
    static Row of(String model, String hw, int batch, String plan, CostModel m, PlanCost cost) {
      Program prog = PimSim.compile(m.mapping(), cost.plan());
      return new Row(model, hw, batch, plan, m, cost, prog, PimSim.simulate(prog, batch), ScheduleBound.of(prog, batch));
    }

    /**
     * Where the simulator's excess over the model is, as fractions of the model's latency: summed
     * over partitions, {@code [0]} the weight phases' and {@code [1]} the compute phases'.
     */
    double[] phaseExcess() {
      double w = 0;
      double c = 0;
      for (int k = 0; k < cost.partitions().size(); k++) {
        PartitionCost pc = cost.partitions().get(k);
        PartitionResult pr = sim.partitions().get(k);
        w += pr.writeSeconds() - pc.writeSeconds();
        c += pr.computeSeconds() - (pc.latencySeconds() - pc.writeSeconds());
      }
      return new double[] {w / cost.latencySeconds(), c / cost.latencySeconds()};
    }

    double latencyDeviation() {
      return sim.latencySeconds() / cost.latencySeconds() - 1;
    }

    /** {@code bound / T_model - 1}: above 0, no execution can reach the model's latency. */
    double boundDeviation() {
      return bound.latencySeconds() / cost.latencySeconds() - 1;
    }

    /** {@code T_sim / max(T_model, bound) - 1}: the simulator against the best any execution can do. */
    double attainableDeviation() {
      return sim.latencySeconds() / Math.max(cost.latencySeconds(), bound.latencySeconds()) - 1;
    }

    double dynamicEnergyDeviation() {
      return sim.dynamicEnergyJoules() / cost.dynamicEnergy() - 1;
    }

    /** Per partition {@code T_sim(p) / T_model(p) - 1}. */
    double[] partitionDeviations() {
      double[] d = new double[cost.partitions().size()];
      for (int k = 0; k < d.length; k++) {
        d[k] = sim.partitions().get(k).latencySeconds() / cost.partitions().get(k).latencySeconds() - 1;
      }
      return d;
    }

    String key() {
      return model + " " + hw + " B" + batch + " " + plan;
    }
  }

  static Row run(String model, String hw, int batch, Plan plan) {
    return run(model, HardwarePresets.get(hw), hw, batch, plan);
  }

  /** The same on a chip given as a spec ({@code hwName} labels the rows). */
  static Row run(String model, dev.compass.formulation.hardware.HardwareSpec chip, String hw, int batch, Plan plan) {
    CostModel m = CostModel.of(network(model), chip, batch);
    PlanCost cost = plan.solver().solve(m, plan.objective(), SolverOptions.DEFAULT).cost().orElseThrow(
        () -> new AssertionError(plan + " found no plan for " + model + " on " + hw));
    return Row.of(model, hw, batch, plan.name(), m, cost);
  }

  /**
   * The ranking rule: the DP's LATENCY optimum (the first row named {@code dp}) simulates no slower
   * than every other LATENCY plan of the same instance, up to {@link #RANK_SLACK}. Returns the pairs
   * checked and prints each pair where a baseline simulates faster (within the slack).
   */
  static int checkDpFastest(List<Row> rows) {
    Row dp = rows.stream().filter(r -> r.plan().equals("dp")).findFirst().orElseThrow();
    int pairs = 0;
    for (Row o : rows) {
      if (o == dp || o.plan().equals("dp-edp")) continue;
      pairs++;
      double a = dp.sim().latencySeconds();
      double b = o.sim().latencySeconds();
      String msg = String.format(Locale.ROOT, "%s: the DP's optimum simulates at %.6g s (model %.6g s), %s's plan at %.6g s (model %.6g s); bound of dp %.6g s",
          dp.key(), a, dp.cost().latencySeconds(), o.plan(), b, o.cost().latencySeconds(), dp.bound().latencySeconds());
      if (a > b) System.out.println("baseline simulates faster (within the slack or not): " + msg);
      org.assertj.core.api.Assertions.assertThat(a).as(msg).isLessThanOrEqualTo(b * (1 + RANK_SLACK));
    }
    return pairs;
  }

  /** Prints the first line of each failure (so one run lists them all) and throws the first. */
  static void throwFirst(List<AssertionError> failed) {
    if (failed.isEmpty()) return;
    for (AssertionError e : failed) System.out.println("FAILED: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    throw failed.get(0);
  }

  /** Per partition: model latency, simulated latency, model and simulated write and compute phases. */
  static String partitionReport(Row r) {
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < r.cost().partitions().size(); k++) {
      PartitionCost pc = r.cost().partitions().get(k);
      PartitionResult pr = r.sim().partitions().get(k);
      ScheduleBound.PartitionBound pb = r.bound().partitions().get(k);
      b.append(String.format(Locale.ROOT, "  p%-3d units %4d..%-4d  T %.4g / %.4g (%+.1f%%)  write %.4g / %.4g  compute %.4g / %.4g"
          + "  bound %.4g (%+.1f%%, %s)%n",
          k, pc.firstUnit(), pc.lastUnit(), pr.latencySeconds(), pc.latencySeconds(), 100 * (pr.latencySeconds() / pc.latencySeconds() - 1),
          pr.writeSeconds(), pc.writeSeconds(), pr.computeSeconds(), pc.latencySeconds() - pc.writeSeconds(),
          pb.latencySeconds(), 100 * (pb.latencySeconds() / pc.latencySeconds() - 1), pb.binding()));
    }
    return b.toString();
  }

  /** The markdown table of docs/pimsim.md: one line per (model, hw, batch, plan), plus a summary. */
  static String table(List<Row> rows) {
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort((a, b) -> a.key().compareTo(b.key()));
    StringBuilder s = new StringBuilder();
    s.append("| model | hw | B | plan | partitions | latency dev | bound dev | sim vs max(model, bound) | partition dev min / mean / max | dyn. energy dev |\n");
    s.append("|---|---|---:|---|---:|---:|---:|---:|---|---:|\n");
    for (Row r : sorted) {
      double[] d = r.partitionDeviations();
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      double sum = 0;
      for (double x : d) {
        min = Math.min(min, x);
        max = Math.max(max, x);
        sum += x;
      }
      s.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %d | %+.2f%% | %+.2f%% | %+.2f%% | %+.2f / %+.2f / %+.2f %% | %.1e |%n",
          r.model(), r.hw(), r.batch(), r.plan(), d.length, 100 * r.latencyDeviation(), 100 * r.boundDeviation(),
          100 * r.attainableDeviation(), 100 * min, 100 * sum / d.length, 100 * max, r.dynamicEnergyDeviation()));
    }
    return s.toString();
  }

  /** min / mean / max of the plan-level latency deviation per (batch, plan). */
  static String summary(List<Row> rows) {
    StringBuilder s = new StringBuilder("| B | plan | instances | latency dev min / mean / max | bound dev max | sim vs max(model, bound) max | max abs dyn. energy dev |\n|---:|---|---:|---|---:|---:|---:|\n");
    for (int b : new int[] {1, 4, 16}) {
      for (String plan : List.of("dp", "dp-edp", "greedy", "layerwise", "genetic")) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        double e = 0;
        double bd = Double.NEGATIVE_INFINITY;
        double ad = Double.NEGATIVE_INFINITY;
        int n = 0;
        for (Row r : rows) {
          if (r.batch() != b || !r.plan().equals(plan)) continue;
          double x = r.latencyDeviation();
          min = Math.min(min, x);
          max = Math.max(max, x);
          sum += x;
          e = Math.max(e, Math.abs(r.dynamicEnergyDeviation()));
          bd = Math.max(bd, r.boundDeviation());
          ad = Math.max(ad, r.attainableDeviation());
          n++;
        }
        if (n == 0) continue;
        s.append(String.format(Locale.ROOT, "| %d | %s | %d | %+.2f / %+.2f / %+.2f %% | %+.2f%% | %+.2f%% | %.1e |%n", b, plan, n,
            100 * min, 100 * sum / n, 100 * max, 100 * bd, 100 * ad, e));
      }
    }
    return s.toString();
  }

  /**
   * For the instances beyond {@code tol}: how much of the excess over the model is in the weight
   * phases (effect 1) and how much in the compute phases (effects 2 and 3), as % of the model's latency.
   */
  static String excessSplit(List<Row> rows, double tol) {
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort((a, b) -> a.key().compareTo(b.key()));
    StringBuilder s = new StringBuilder("| instance | latency dev | from weight phases | from compute phases | bound dev | sim vs max(model, bound) |\n|---|---:|---:|---:|---:|---:|\n");
    for (Row r : sorted) {
      if (Math.abs(r.latencyDeviation()) <= tol) continue;
      double[] x = r.phaseExcess();
      s.append(String.format(Locale.ROOT, "| %s | %+.2f%% | %+.2f%% | %+.2f%% | %+.2f%% | %+.2f%% |%n", r.key(), 100 * r.latencyDeviation(),
          100 * x[0], 100 * x[1], 100 * r.boundDeviation(), 100 * r.attainableDeviation()));
    }
    return s.toString();
  }
}
