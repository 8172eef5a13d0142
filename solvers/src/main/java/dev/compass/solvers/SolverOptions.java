package dev.compass.solvers;

/**
 * Solver parameters. Exact solvers ignore what they do not use.
 *
 * @param timeLimitSeconds wall-clock limit (ILP/CP/genetic); {@code <= 0} means none
 * @param workers solver threads (ILP/CP); 1 makes seeded runs reproducible
 * @param seed random seed (genetic, CP-SAT, Choco)
 * @param progress receives progress reports of long solves (never null; {@link Progress#NONE} to ignore)
 * @param limits deterministic work limits (never null; {@link Limits#NONE}): with one worker, a solve stopped by
 *     one of these stops at the same point on any machine, unlike the wall-clock {@code timeLimitSeconds}
 */
public record SolverOptions(double timeLimitSeconds, int workers, long seed, Progress progress, Limits limits) {

  public static final SolverOptions DEFAULT = new SolverOptions(60, 1, 1, Progress.NONE);

  public SolverOptions {
    if (workers < 1) throw new dev.compass.formulation.InputException("workers", "must be >= 1 solver thread, got " + workers);
    if (progress == null) progress = Progress.NONE;
    if (limits == null) limits = Limits.NONE;
  }

  /** Options without deterministic limits. */
  public SolverOptions(double timeLimitSeconds, int workers, long seed, Progress progress) {
    this(timeLimitSeconds, workers, seed, progress, Limits.NONE);
  }

  public SolverOptions withTimeLimit(double s) { return new SolverOptions(s, workers, seed, progress, limits); }
  public SolverOptions withSeed(long s) { return new SolverOptions(timeLimitSeconds, workers, s, progress, limits); }
  public SolverOptions withWorkers(int w) { return new SolverOptions(timeLimitSeconds, w, seed, progress, limits); }
  public SolverOptions withProgress(Progress p) { return new SolverOptions(timeLimitSeconds, workers, seed, p, limits); }
  public SolverOptions withLimits(Limits l) { return new SolverOptions(timeLimitSeconds, workers, seed, progress, l); }

  /**
   * Work limits that do not depend on the machine's speed or load (issue 16 item 6). {@code 0} means none.
   * Which solvers honour which limit is in docs/cp.md and docs/ilp.md.
   *
   * @param deterministicSeconds CP-SAT's {@code max_deterministic_time} ({@code ilp-path}, {@code ilp-compact})
   * @param nodes Choco's node limit per search ({@code cp}, {@code cp-compact})
   * @param fails Choco's fail limit per search ({@code cp}, {@code cp-compact})
   */
  public record Limits(double deterministicSeconds, long nodes, long fails) {
    public static final Limits NONE = new Limits(0, 0, 0);

    public Limits {
      if (!(deterministicSeconds >= 0) || nodes < 0 || fails < 0) {
        throw new dev.compass.formulation.InputException("limits", "must be >= 0 (0 = none), got deterministic time "
            + deterministicSeconds + ", nodes " + nodes + ", fails " + fails);
      }
    }

    /** True when some deterministic limit is set. */
    public boolean any() {
      return deterministicSeconds > 0 || nodes > 0 || fails > 0;
    }
  }

  /** Receives progress of long solves: best objective and bound so far. */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = (solver, best, bound, seconds) -> { };

    void report(String solver, double bestObjective, double lowerBound, double seconds);
  }
}
