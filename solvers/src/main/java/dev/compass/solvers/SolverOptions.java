package dev.compass.solvers;

/**
 * Solver parameters. Exact solvers ignore what they do not use.
 *
 * @param timeLimitSeconds wall-clock limit (ILP/CP/genetic); {@code <= 0} means none
 * @param workers solver threads (ILP/CP); 1 makes seeded runs reproducible
 * @param seed random seed (genetic, CP-SAT, Choco)
 * @param progress receives progress reports of long solves (never null; {@link Progress#NONE} to ignore)
 */
public record SolverOptions(double timeLimitSeconds, int workers, long seed, Progress progress) {

  public static final SolverOptions DEFAULT = new SolverOptions(60, 1, 1, Progress.NONE);

  public SolverOptions {
    if (workers < 1) throw new dev.compass.formulation.InputException("workers", "must be >= 1 solver thread, got " + workers);
    if (progress == null) progress = Progress.NONE;
  }

  public SolverOptions withTimeLimit(double s) { return new SolverOptions(s, workers, seed, progress); }
  public SolverOptions withSeed(long s) { return new SolverOptions(timeLimitSeconds, workers, s, progress); }
  public SolverOptions withWorkers(int w) { return new SolverOptions(timeLimitSeconds, w, seed, progress); }
  public SolverOptions withProgress(Progress p) { return new SolverOptions(timeLimitSeconds, workers, seed, p); }

  /** Receives progress of long solves: best objective and bound so far. */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = (solver, best, bound, seconds) -> { };

    void report(String solver, double bestObjective, double lowerBound, double seconds);
  }
}
