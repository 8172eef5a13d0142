package dev.compass.solvers.ilp;

import com.google.ortools.Loader;
import com.google.ortools.linearsolver.MPObjective;
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
   * Extra SCIP parameter lines for experiments, from the system property {@value #EXTRA_PARAMS_PROPERTY} or, if it is
   * not set, the environment variable {@value #EXTRA_PARAMS_ENV} (lines separated by {@code ;}, e.g.
   * {@code separating/maxrounds = 0;branching/relpscost/maxreliable = 0}), appended after the formulation's own; empty
   * when neither is set. docs/ilp.md's 60 s SCIP runs on the compact MILP use it:
   * {@code COMPASS_SCIP_PARAMS='...' ./compass partition ...}. A run that used it says so in its statistics
   * ({@code scipExtraParams}); lines SCIP rejects are an input error naming the setting.
   */
  static final String EXTRA_PARAMS_PROPERTY = "compass.scip.params";
  /** The environment variable read when {@link #EXTRA_PARAMS_PROPERTY} is not set. */
  static final String EXTRA_PARAMS_ENV = "COMPASS_SCIP_PARAMS";

  /** The extra SCIP parameter lines ({@link #EXTRA_PARAMS_PROPERTY}), newline-separated; empty if none. */
  static String extraScipParams() {
    String v = System.getProperty(EXTRA_PARAMS_PROPERTY);
    if (v == null) v = System.getenv(EXTRA_PARAMS_ENV);
    return v == null ? "" : v.replace(';', '\n').strip();
  }

  /**
   * Solves SCIP model {@code s} to a zero relative gap: SCIP's randomization seeded by the options' seed,
   * the formulation's {@code params} (SCIP parameter lines, each ending in a newline), the experiment's extra lines
   * ({@link #EXTRA_PARAMS_PROPERTY}) and the options' node limit ({@link SolverOptions.Limits#nodes()}); with
   * {@code seconds > 0} it stops at {@code seconds} after {@code t0} less {@code reserve} (at least 1 ms left): the
   * reserve is kept for the work outside SCIP's clock ({@code MPSolver.solve} copies the model into SCIP before that
   * clock starts, and the caller reads the solution after it stops). Records nodes, lpIterations, solverSeconds and
   * scipStatus in {@code stats}.
   */
  static MPSolver.ResultStatus solveScip(MPSolver s, SolverOptions options, String params, double seconds, long t0,
      double reserve, Map<String, Object> stats) {
    String extra = extraScipParams();
    if (!extra.isEmpty()) {
      stats.put("scipExtraParams", extra.replace('\n', ';'));
      params = params + extra + "\n";
    }
    String nodeLimit = options.limits().nodes() > 0 ? "limits/nodes = " + options.limits().nodes() + "\n" : "";
    boolean accepted = s.setSolverSpecificParametersAsString("randomization/randomseedshift = "
        + Math.floorMod(options.seed(), 1 << 30) + "\n" + params + nodeLimit);
    if (!accepted && !extra.isEmpty()) {
      throw new dev.compass.formulation.InputException(EXTRA_PARAMS_PROPERTY + " / " + EXTRA_PARAMS_ENV, "SCIP rejected '"
          + extra.replace('\n', ';') + "'; give SCIP parameter lines 'name = value' (e.g. separating/maxrounds = 0), separated by ';'");
    }
    if (seconds > 0) s.setTimeLimit(Math.max(1, (long) ((new IlpDriver.Deadline(seconds, t0).left() - reserve) * 1000)));
    MPSolverParameters p = new MPSolverParameters();
    p.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, 0.0);
    MPSolver.ResultStatus st = s.solve(p);
    stats.put("nodes", s.nodes());
    stats.put("lpIterations", s.iterations());
    stats.put("solverSeconds", s.wallTime() / 1000.0);
    stats.put("scipStatus", st.toString());
    return st;
  }

  /**
   * The lower bound of a SCIP solve that ended {@code st} on an objective whose every plan costs more than 0, in the
   * caller's units ({@code scale} times SCIP's). SCIP reports an infinite bound as +-1e20 (its infinity), which is no
   * bound, not a number. A bound of 0 or less is valid but empty here (what a solve stopped before SCIP solved its
   * root LP has: the variables' bounds), so it is reported as no bound too (statistic {@code scipBoundWithoutLp}), not
   * as a 100% gap. A positive bound counts even without an LP iteration: SCIP derives one from the compact model's
   * roofline rows by propagation alone. {@code -Infinity} when there is none. Before, the compact MILP reported SCIP's
   * -1e20 as its bound: gpt2_xl/compass-m, 100 s, {@code lowerBound} -1.59e21 and a gap of 1e20.
   */
  static double scipBound(MPObjective obj, MPSolver.ResultStatus st, double scale, Map<String, Object> stats) {
    double bound = Math.abs(obj.bestBound()) >= 1e19 ? Double.NEGATIVE_INFINITY : obj.bestBound() * scale;
    if (st != MPSolver.ResultStatus.OPTIMAL && bound <= 0) {
      stats.put("scipBoundWithoutLp", bound);
      bound = Double.NEGATIVE_INFINITY;
    }
    return bound;
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
