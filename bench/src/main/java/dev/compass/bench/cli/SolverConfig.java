package dev.compass.bench.cli;

import dev.compass.formulation.InputException;
import dev.compass.solvers.PartitionSolver;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.genetic.GeneticSolver;
import dev.compass.solvers.genetic.GeneticTrace;
import dev.compass.solvers.genetic.TraceWriter;
import java.nio.file.Path;

/** Solver-specific settings from the command line. */
final class SolverConfig {
  private SolverConfig() {}

  /** {@code --population}/{@code --generations} configure the genetic solver; other solvers reject them. */
  static PartitionSolver apply(PartitionSolver s, Integer population, Integer generations) {
    if (population == null && generations == null) return s;
    if (!(s instanceof GeneticSolver g)) {
      throw new InputException(population != null ? "--population" : "--generations",
          "only the genetic solver takes --population/--generations, not " + s.name());
    }
    GeneticSolver.Config c = g.config();
    if (population != null) {
      if (population < 2) throw new InputException("--population", "must be >= 2, got " + population);
      c = c.withPopulation(population);
    }
    if (generations != null) {
      if (generations < 1) throw new InputException("--generations", "must be >= 1, got " + generations);
      c = c.withGenerations(generations);
    }
    return new GeneticSolver(c);
  }

  /** {@code --trace FILE}: the genetic solver's best objective per generation (CSV, or JSON for *.json). */
  static void writeTrace(SolverResult r, Path trace) {
    GeneticTrace t = GeneticTrace.of(r).orElseThrow(() ->
        new InputException("--trace", "only the genetic solver writes a trace, not " + r.solver()));
    TraceWriter.write(t, trace);
  }
}
