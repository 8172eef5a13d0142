package dev.compass.bench.workbench;

import java.util.List;

/**
 * One solver's result on one instance: a row of {@code results.csv} and of {@code results.json}'s
 * {@code rows}. Numbers that do not apply are {@code NaN} ({@code n/a} in the CSV, {@code null} in
 * JSON).
 *
 * @param instance model, hardware, batch, objective
 * @param solver solver name
 * @param status {@code OPTIMAL}, {@code FEASIBLE}, {@code INFEASIBLE}, {@code TIMEOUT} (the solver's
 *     own), or {@code ERROR} (the solver threw; see {@code error})
 * @param objectiveValue the plan's objective recomputed by the cost model
 * @param latencySeconds batch latency {@code T}
 * @param energyJoules energy {@code E}
 * @param edp {@code E*T}
 * @param throughput {@code B/T} images/s
 * @param partitions number of partitions (0 without a plan)
 * @param solveSeconds wall-clock time of the solve
 * @param lowerBound the solver's proven lower bound on the objective
 * @param gap {@code (objectiveValue - optimum) / optimum}, the optimum being the instance's proven
 *     optimum (a row with status OPTIMAL); {@code NaN} without either
 * @param simLatencySeconds the simulator's latency of the plan
 * @param simDeviation {@code (simLatency - latency) / latency}
 * @param rooflineSeconds the instance's roofline bound {@link dev.compass.costmodel.CostModel#rooflineSeconds}
 * @param rooflineFraction {@code rooflineSeconds / latencySeconds}: how close the plan is to the bound (&lt;= 1)
 * @param plan the plan in {@link PlanCodec}'s compact form (empty without a plan)
 * @param trace the genetic solver's best objective per generation (empty for other solvers)
 * @param error what went wrong (empty if nothing)
 */
public record ResultRow(
    Instance instance,
    String solver,
    String status,
    double objectiveValue,
    double latencySeconds,
    double energyJoules,
    double edp,
    double throughput,
    int partitions,
    double solveSeconds,
    double lowerBound,
    double gap,
    double simLatencySeconds,
    double simDeviation,
    double rooflineSeconds,
    double rooflineFraction,
    String plan,
    List<Double> trace,
    String error) {

  /** Status of a row whose solver threw. */
  public static final String ERROR = "ERROR";

  public ResultRow {
    if (solver == null || solver.isBlank()) throw new IllegalArgumentException("solver is empty");
    if (status == null || status.isBlank()) throw new IllegalArgumentException("status is empty");
    plan = plan == null ? "" : plan;
    trace = List.copyOf(trace);
    error = error == null ? "" : error.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }

  /** The resume key: (model, hardware, batch, objective, solver). */
  public String key() {
    return instance.key(solver);
  }

  /** Whether the row has a plan. */
  public boolean hasPlan() {
    return !plan.isEmpty();
  }

  /** The same row with another gap. */
  public ResultRow withGap(double g) {
    return new ResultRow(instance, solver, status, objectiveValue, latencySeconds, energyJoules, edp, throughput, partitions,
        solveSeconds, lowerBound, g, simLatencySeconds, simDeviation, rooflineSeconds, rooflineFraction, plan, trace, error);
  }
}
