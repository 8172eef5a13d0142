package dev.compass.bench.cli;

import dev.compass.formulation.InputException;
import dev.compass.solvers.PartitionSolver;
import dev.compass.solvers.SolverResult;
import java.nio.file.Path;

/** Solver-specific settings from the command line (wired to the genetic solver when it is present). */
final class SolverConfig {
  private SolverConfig() {}

  static PartitionSolver apply(PartitionSolver s, Integer population, Integer generations) {
    if (population != null || generations != null) {
      throw new InputException("--population", "only the genetic solver takes --population/--generations, not " + s.name());
    }
    return s;
  }

  static void writeTrace(SolverResult r, Path trace) {
    throw new InputException("--trace", "only the genetic solver writes a trace, not " + r.solver());
  }
}
