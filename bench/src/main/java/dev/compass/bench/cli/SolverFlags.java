package dev.compass.bench.cli;

import dev.compass.formulation.InputException;
import dev.compass.solvers.PartitionSolver;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.genetic.GeneticSolver;
import dev.compass.solvers.genetic.GeneticTrace;
import dev.compass.solvers.genetic.TraceWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The solver parameters of {@code partition}. */
public final class SolverFlags {
  @Option(names = "--time-limit", paramLabel = "S|none", defaultValue = "60", converter = TimeLimit.class,
      description = "Wall-clock limit per solve for ILP, CP and genetic solvers: seconds > 0, or 'none' (default: ${DEFAULT-VALUE}).")
  double timeLimit = 60;

  @Mixin WorkLimits work = new WorkLimits();

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(names = "--workers", paramLabel = "K", defaultValue = "1",
      description = "Solver threads for ILP/CP (default: ${DEFAULT-VALUE}; 1 makes seeded runs reproducible).")
  int workers = 1;

  @Option(names = "--population", paramLabel = "N", description = "Genetic: population size (default 100).")
  Integer population;

  @Option(names = "--generations", paramLabel = "G", description = "Genetic: generations (default 30).")
  Integer generations;

  @Option(names = "--trace", paramLabel = "FILE", description = "Genetic: write the best objective per generation (CSV).")
  Path trace; // read by PartitionCommand for its "wrote" line

  @Option(names = "--quiet", description = "No progress on stderr.")
  boolean quiet;

  /** Solver options; progress of long solves goes to {@code err} unless {@code --quiet}. */
  public SolverOptions options(PrintWriter err, String instance) {
    double[] last = {0};
    // at most one line a second, and none for solves that end within the first second
    SolverOptions.Progress progress = quiet ? SolverOptions.Progress.NONE : (solver, best, bound, seconds) -> {
      if (seconds < 1 || seconds - last[0] < 1) return;
      last[0] = seconds;
      err.printf(Locale.ROOT, "[%s %s %.1fs] best %.6g  bound %s%n", solver, instance, seconds, best,
          Double.isFinite(bound) ? String.format(Locale.ROOT, "%.6g", bound) : "-");
      err.flush();
    };
    if (workers < 1) throw new InputException("--workers", "must be >= 1, got " + workers);
    return new SolverOptions(timeLimit, workers, seed, progress, work.limits());
  }

  /** {@code --population}/{@code --generations} configure the genetic solver; other solvers reject them. */
  public PartitionSolver configure(PartitionSolver s) {
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

  /** {@code --trace FILE}: checked before the solve (a writable path), so a long solve does not end in a write error. */
  public void checkTrace(PartitionSolver s) {
    if (trace == null) return;
    if (!(s instanceof GeneticSolver)) {
      throw new InputException("--trace", "only the genetic solver writes a trace, not " + s.name());
    }
    OutputFiles.checkWritable("--trace", trace);
  }

  /**
   * Adds {@code --trace FILE}, if given, to {@code outputs}: the genetic solver's best objective per
   * generation (CSV, or JSON for *.json).
   */
  public void addTrace(OutputFiles outputs, SolverResult r) {
    if (trace == null) return;
    GeneticTrace t = GeneticTrace.of(r).orElseThrow(() ->
        new InputException("--trace", "only the genetic solver writes a trace, not " + r.solver()));
    boolean asJson = trace.getFileName() != null && trace.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    outputs.add("--trace", trace, asJson ? TraceWriter.json(t) : TraceWriter.csv(t));
  }
}
