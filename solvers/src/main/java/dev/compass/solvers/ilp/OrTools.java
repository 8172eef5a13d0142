package dev.compass.solvers.ilp;

import com.google.ortools.Loader;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPSolverParameters;
import dev.compass.solvers.SolverOptions;
import java.util.Map;

/**
 * Loads OR-Tools' native libraries once per JVM (initialization-on-demand holder), and the SCIP solve
 * the formulations share.
 */
final class OrTools {
  private OrTools() {}

  private static final class Holder {
    static final boolean LOADED = load();

    private static boolean load() {
      Loader.loadNativeLibraries();
      return true;
    }
  }

  /** Ensures the native libraries are loaded; cheap after the first call. */
  static void load() {
    if (!Holder.LOADED) throw new IllegalStateException("OR-Tools native libraries not loaded");
  }

  /**
   * Solves SCIP model {@code s} to a zero relative gap: SCIP's randomization seeded by the options' seed,
   * the formulation's {@code params} (SCIP parameter lines, each ending in a newline) and the options'
   * node limit ({@link SolverOptions.Limits#nodes()}); with {@code seconds > 0} it stops at
   * {@code seconds} after {@code t0} (at least 1 ms left). Records nodes, lpIterations, solverSeconds
   * and scipStatus in {@code stats}.
   */
  static MPSolver.ResultStatus solveScip(MPSolver s, SolverOptions options, String params, double seconds, long t0,
      Map<String, Object> stats) {
    return solveScip(s, options, params, seconds, t0, 0, stats);
  }

  /**
   * As above, with {@code reserve} seconds of the limit kept for the work outside SCIP's clock: {@code MPSolver.solve}
   * copies the model into SCIP before that clock starts, and the caller reads the solution after it stops.
   */
  static MPSolver.ResultStatus solveScip(MPSolver s, SolverOptions options, String params, double seconds, long t0,
      double reserve, Map<String, Object> stats) {
    String nodeLimit = options.limits().nodes() > 0 ? "limits/nodes = " + options.limits().nodes() + "\n" : "";
    s.setSolverSpecificParametersAsString("randomization/randomseedshift = " + Math.floorMod(options.seed(), 1 << 30) + "\n"
        + params + nodeLimit);
    if (seconds > 0) s.setTimeLimit(Math.max(1, (long) ((seconds - (System.nanoTime() - t0) / 1e9 - reserve) * 1000)));
    MPSolverParameters p = new MPSolverParameters();
    p.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, 0.0);
    MPSolver.ResultStatus st = s.solve(p);
    stats.put("nodes", s.nodes());
    stats.put("lpIterations", s.iterations());
    stats.put("solverSeconds", s.wallTime() / 1000.0);
    stats.put("scipStatus", st.toString());
    return st;
  }

  /** Frees native models after their solve, so that no answer waits for it (gpt2_xl's compact MIP: 2-6 s). */
  private static final java.util.concurrent.ExecutorService FREE = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "compass-ortools-free");
    t.setDaemon(true);
    return t;
  });

  /** Frees {@code s} on a background daemon thread (the caller never uses it again). */
  static void freeLater(MPSolver s) {
    FREE.execute(s::delete);
  }
}
