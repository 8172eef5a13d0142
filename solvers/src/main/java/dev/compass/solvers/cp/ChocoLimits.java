package dev.compass.solvers.cp;

import dev.compass.solvers.SolverOptions;
import org.chocosolver.solver.Solver;

/** Applies {@link SolverOptions.Limits}' node and fail limits to a Choco solver (deterministic: they count work). */
final class ChocoLimits {
  private ChocoLimits() {}

  static void apply(Solver s, SolverOptions options) {
    SolverOptions.Limits l = options.limits();
    if (l.nodes() > 0) s.limitNode(l.nodes());
    if (l.fails() > 0) s.limitFail(l.fails());
  }
}
