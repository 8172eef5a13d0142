package dev.compass.bench.spark;

import dev.compass.bench.workbench.Cell;
import dev.compass.bench.workbench.Harness;
import dev.compass.bench.workbench.Instance;
import dev.compass.bench.workbench.ProblemTexts;
import dev.compass.bench.workbench.Problems;
import dev.compass.bench.workbench.ResultRow;
import dev.compass.bench.workbench.ResultsCsv;
import dev.compass.bench.workbench.SimulatorHook;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor side of a Spark sweep: solves one cell, never throwing, and returns its row as one
 * {@code results.csv} line ({@link ResultsCsv}: numbers written as Java writes doubles, so the
 * driver reads back exactly the values computed here).
 *
 * <p>Per executor JVM, once: the OR-Tools native libraries are loaded (before the first solve, so
 * that no solve's time includes the load), the simulator is looked up, and each sweep's networks and
 * chips are parsed and their cost models built ({@link Problems} caches them), shared by every task
 * of that sweep that runs in the JVM.
 */
final class CellTask {
  private CellTask() {}

  /** What an executor does with a cell (serializable: it travels with the tasks). */
  @FunctionalInterface
  interface Solve extends Serializable {
    /** The cell's row as one results.csv line. */
    String apply(Spec spec, Job job);
  }

  /** A cell as it travels to the executors. */
  record Spec(String model, String hardware, int batch, String objective, String solver) implements Serializable {
    static Spec of(Cell c) {
      Instance i = c.instance();
      return new Spec(i.model(), i.hardware(), i.batch(), i.objective(), c.solver());
    }

    Cell cell() {
      return new Cell(new Instance(model, hardware, batch, objective), solver);
    }
  }

  /**
   * What every task of one sweep shares: its id, the problems' texts, and the harness settings, including the per-solver
   * time limits ({@link Harness.Settings#solverLimits}: {@code compare}'s defaults without {@code --time-limit}), so that a
   * cell solved on an executor gets the same limit as in a local run.
   */
  record Job(String id, Map<String, String> networks, Map<String, String> hardware, double timeLimitSeconds, int workers, long seed,
      double abandonAfterSeconds, double deterministicSeconds, long nodes, long fails, Map<String, Double> solverLimits)
      implements Serializable {
    static Job of(String id, ProblemTexts texts, Harness.Settings s) {
      return new Job(id, new java.util.HashMap<>(texts.networks()), new java.util.HashMap<>(texts.hardware()), s.timeLimitSeconds(),
          s.workers(), s.seed(), s.abandonAfterSeconds(), s.limits().deterministicSeconds(), s.limits().nodes(), s.limits().fails(),
          new java.util.HashMap<>(s.solverLimits()));
    }

    Harness.Settings settings() {
      return new Harness.Settings(timeLimitSeconds, workers, seed, 1, abandonAfterSeconds,
          new dev.compass.solvers.SolverOptions.Limits(deterministicSeconds, nodes, fails), solverLimits);
    }
  }

  private static final Map<String, Problems> PROBLEMS = new ConcurrentHashMap<>();
  private static final AtomicInteger NATIVE_LOADS = new AtomicInteger();

  private static final class Jvm { // initialization-on-demand: once per JVM, on the first task
    static final String NATIVES = loadNatives();
    static final SimulatorHook SIMULATOR = SimulatorHook.loaded();

    private static String loadNatives() {
      try {
        com.google.ortools.Loader.loadNativeLibraries();
        NATIVE_LOADS.incrementAndGet();
        return "";
      } catch (Throwable t) { // the OR-Tools solvers will report it on their rows; the others run
        return "OR-Tools native libraries: " + t;
      }
    }
  }

  /** How often this JVM loaded the OR-Tools native libraries (at most once). */
  static int nativeLoads() {
    return NATIVE_LOADS.get();
  }

  /** Solves {@code spec}; the row as one CSV line (without the header). */
  static String solve(Spec spec, Job job) {
    Cell cell = spec.cell();
    ResultRow row;
    try {
      String natives = Jvm.NATIVES;
      Problems problems = PROBLEMS.computeIfAbsent(job.id(), k -> new ProblemTexts(job.networks(), job.hardware()).problems());
      Harness.Settings settings = job.settings();
      row = new Harness(problems, Jvm.SIMULATOR, settings, Harness.Listener.NONE).solve(cell);
      if (!natives.isEmpty() && row.status().equals(ResultRow.ERROR)) row = withError(row, natives + "; " + row.error());
    } catch (Throwable t) { // Harness.solve does not throw; this is the last line of defence (e.g. an Error while building)
      row = error(cell, "task failed on the executor: " + t);
    }
    return line(row);
  }

  /** A row without a plan, status {@code ERROR}, with {@code reason}. */
  static ResultRow error(Cell cell, String reason) {
    return new ResultRow(cell.instance(), cell.solver(), ResultRow.ERROR, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0,
        Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, "", List.of(), reason);
  }

  private static ResultRow withError(ResultRow r, String error) {
    return new ResultRow(r.instance(), r.solver(), r.status(), r.objectiveValue(), r.latencySeconds(), r.energyJoules(), r.edp(),
        r.throughput(), r.partitions(), r.solveSeconds(), r.lowerBound(), r.gap(), r.simLatencySeconds(), r.simDeviation(),
        r.rooflineSeconds(), r.rooflineFraction(), r.plan(), r.trace(), error);
  }

  /** A row as its results.csv line. */
  static String line(ResultRow row) {
    String text = ResultsCsv.format(List.of(row));
    return text.substring(text.indexOf('\n') + 1);
  }

  /** The row of a line written by {@link #line}. */
  static ResultRow row(String line) {
    return ResultsCsv.parse(String.join(",", ResultsCsv.COLUMNS) + "\n" + line, "a Spark task's result").get(0);
  }
}
