package dev.compass.bench.workbench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PlanCost;
import dev.compass.formulation.io.Json;
import dev.compass.solvers.PartitionSolver;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.Solvers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Runs every (instance, solver) pair of a grid on a pool of threads and turns each outcome into a
 * {@link ResultRow}. A solver that throws gives a row with status {@code ERROR} and the message; a
 * solver that does not return within {@link Settings#abandonAfterSeconds()} is abandoned (its thread
 * is interrupted and left to die) and gives a {@code TIMEOUT} row without a plan. Either way the run
 * goes on.
 *
 * <p>Solves that respect a time limit (every solver but {@link #FAST}'s) are started first, so that
 * the long ones do not end up alone at the end of the run.
 */
public final class Harness {
  /** Solvers that need no time limit (polynomial, well under a second on the zoo). */
  public static final Set<String> FAST = Set.of("dp", "greedy", "layerwise");

  /** The solvers a default grid runs: every registered solver but brute force. */
  public static List<String> defaultSolvers() {
    return Solvers.names().stream().filter(n -> !n.equals("brute")).toList();
  }

  /**
   * Time-limited solvers that end on their own well within their limit on the zoo's instances: the path models (LP,
   * CP-SAT, SCIP, costRegular) at their proof (docs/ilp.md), {@code genetic} after its generations (0.2-0.5 s on
   * resnet18). Their default limit is only a cap.
   */
  public static final Set<String> CAPPED = Set.of("lp-path", "ilp-path", "ilp-path-scip", "cp", "genetic");
  /** The default cap of a {@link #CAPPED} solver's solve, seconds. */
  public static final double CAP = 10;
  /** The least default limit of a time-limited solver that runs to its limit (the compact models), seconds. */
  public static final double LEAST_LIMIT = 0.5;

  /**
   * Default per-solver limits for a run that should end in about {@code budgetSeconds} of solving wall clock beyond the
   * solves that end on their own: {@link #CAPPED} solvers get {@link #CAP}; the other time-limited solvers (not
   * {@link #FAST}: the compact models), which usually run to their limit, share the budget:
   * {@code clamp(budget * threads / their solves, 0.5 s, 10 s)}, rounded down to 0.1 s, their solves counted as
   * {@code solves * (such solvers) / solvers}. FAST solvers are not in the map.
   */
  public static Map<String, Double> budgetedSolverLimits(List<String> solvers, int solves, int threads, double budgetSeconds) {
    long slow = solvers.stream().filter(s -> !FAST.contains(s) && !CAPPED.contains(s)).count();
    double timed = solves * (double) slow / solvers.size();
    double limit = slow == 0 || solves == 0 ? CAP
        : Math.max(LEAST_LIMIT, Math.min(CAP, Math.floor(budgetSeconds * threads / timed * 10) / 10));
    Map<String, Double> out = new java.util.LinkedHashMap<>();
    for (String s : solvers) {
      if (CAPPED.contains(s)) out.put(s, CAP);
      else if (!FAST.contains(s)) out.put(s, limit);
    }
    return out;
  }

  /**
   * How solves run.
   *
   * @param timeLimitSeconds per-solve limit given to the solvers ({@code SolverOptions.timeLimitSeconds})
   * @param workers solver threads (ILP/CP)
   * @param seed random seed
   * @param threads solves run at the same time
   * @param abandonAfterSeconds a solve still running after this long is abandoned (infinite: never)
   * @param limits deterministic work limits given to every solve ({@code SolverOptions.limits}; never null)
   */
  public record Settings(double timeLimitSeconds, int workers, long seed, int threads, double abandonAfterSeconds,
      SolverOptions.Limits limits, Map<String, Double> solverLimits) {
    public Settings {
      if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
      if (!(abandonAfterSeconds > 0)) throw new IllegalArgumentException("abandonAfterSeconds must be > 0, got " + abandonAfterSeconds);
      if (limits == null) limits = SolverOptions.Limits.NONE;
      solverLimits = solverLimits == null ? Map.of() : Map.copyOf(solverLimits);
    }

    /** Settings with one time limit for every solver. */
    public Settings(double timeLimitSeconds, int workers, long seed, int threads, double abandonAfterSeconds, SolverOptions.Limits limits) {
      this(timeLimitSeconds, workers, seed, threads, abandonAfterSeconds, limits, Map.of());
    }

    /** The time limit of {@code solver}'s solves: its own (see {@link #withSolverLimits}) or {@link #timeLimitSeconds()}. */
    public double timeLimitSeconds(String solver) {
      return solverLimits.getOrDefault(solver, timeLimitSeconds);
    }

    /**
     * These settings with per-solver time limits (solvers not in {@code perSolver} keep {@link #timeLimitSeconds()}); a
     * solve is abandoned after twice the largest limit plus 10 s at the earliest.
     */
    public Settings withSolverLimits(Map<String, Double> perSolver) {
      double most = perSolver.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
      return new Settings(timeLimitSeconds, workers, seed, threads, Math.max(abandonAfterSeconds, 2 * most + 10), limits, perSolver);
    }

    /** Settings without deterministic limits. */
    public Settings(double timeLimitSeconds, int workers, long seed, int threads, double abandonAfterSeconds) {
      this(timeLimitSeconds, workers, seed, threads, abandonAfterSeconds, SolverOptions.Limits.NONE);
    }

    /** Settings that abandon a solve after twice its time limit and 10 s (never without a limit). */
    public static Settings of(double timeLimitSeconds, int workers, long seed, int threads) {
      return new Settings(timeLimitSeconds, workers, seed, threads,
          timeLimitSeconds > 0 ? 2 * timeLimitSeconds + 10 : Double.POSITIVE_INFINITY);
    }

    /** These settings with deterministic work limits {@code l}. */
    public Settings withLimits(SolverOptions.Limits l) {
      return new Settings(timeLimitSeconds, workers, seed, threads, abandonAfterSeconds, l, solverLimits);
    }

    /** The options of one solve of {@code solver} under these settings (its own time limit). */
    public SolverOptions options(String solver, SolverOptions.Progress progress) {
      return new SolverOptions(timeLimitSeconds(solver), workers, seed, progress, limits);
    }
  }

  /** Hears about the run; called from the solving threads (implementations synchronize). */
  public interface Listener {
    Listener NONE = new Listener() {};

    /** A row is done: {@code done} of {@code total} rows of this run. */
    default void finished(ResultRow row, int done, int total) {}

    /** Progress of a long solve: best objective and bound so far. */
    default void progress(Instance instance, String solver, double best, double bound, double seconds) {}
  }

  private final Problems problems;
  private final SimulatorHook simulator;
  private final Settings settings;
  private final Listener listener;
  private final Function<String, PartitionSolver> solvers;

  /** A harness over the registered solvers ({@link Solvers#get}). */
  public Harness(Problems problems, SimulatorHook simulator, Settings settings, Listener listener) {
    this(problems, simulator, settings, listener, Solvers::get);
  }

  /** A harness whose solvers come from {@code solvers} (by name). */
  public Harness(Problems problems, SimulatorHook simulator, Settings settings, Listener listener, Function<String, PartitionSolver> solvers) {
    this.problems = problems;
    this.simulator = simulator;
    this.settings = settings;
    this.listener = listener;
    this.solvers = solvers;
  }

  /**
   * Solves every pair of the grid whose key ({@link ResultRow#key()}) is not in {@code skip}.
   * Returns the new rows in grid order (instance, then solver).
   */
  public List<ResultRow> run(Grid grid, Set<String> skip) {
    return run(grid.cells().stream().filter(c -> !skip.contains(c.key())).toList());
  }

  /** Solves {@code cells} on the pool; returns their rows in the order of {@code cells}. */
  public List<ResultRow> run(List<Cell> cells) {
    record Task(int order, Cell cell) {}
    List<Task> tasks = new ArrayList<>();
    for (Cell c : cells) tasks.add(new Task(tasks.size(), c));
    List<Task> schedule = new ArrayList<>(tasks);
    schedule.sort(Comparator.comparing((Task t) -> FAST.contains(t.cell().solver())).thenComparingInt(Task::order));
    ResultRow[] out = new ResultRow[tasks.size()];
    AtomicInteger done = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(settings.threads(), r -> {
      Thread t = new Thread(null, r, "compass-harness", 64L << 20);
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Task t : schedule) {
        futures.add(pool.submit(() -> {
          ResultRow row = solve(t.cell());
          out[t.order()] = row;
          listener.finished(row, done.incrementAndGet(), tasks.size());
        }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("harness task failed: " + e.getCause(), e.getCause());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
    return List.of(out);
  }

  /**
   * One cell solved on the calling thread, never throwing: a solver that throws gives an
   * {@code ERROR} row, one that hangs a {@code TIMEOUT} row after {@link Settings#abandonAfterSeconds()}.
   * A distributed runner calls this on its workers.
   */
  public ResultRow solve(Cell cell) {
    Instance inst = cell.instance();
    String solverName = cell.solver();
    CostModel m;
    PartitionSolver solver;
    try {
      m = problems.model(inst);
      solver = solvers.apply(solverName);
    } catch (RuntimeException e) {
      return failed(inst, solverName, ResultRow.ERROR, Double.NaN, Double.NaN, message(e));
    }
    double roof = m.rooflineSeconds();
    SolverOptions.Progress progress = (s, best, bound, secs) -> listener.progress(inst, s, best, bound, secs);
    SolverOptions options = settings.options(solverName, progress);
    AtomicReference<Object> outcome = new AtomicReference<>();
    long t0 = System.nanoTime();
    Thread worker = new Thread(null, () -> {
      try {
        outcome.set(solver.solve(m, inst.parsedObjective(), options));
      } catch (Throwable t) { // any failure of a solver becomes its row
        outcome.set(t);
      }
    }, "solve-" + solverName + "-" + inst.label(), 64L << 20);
    worker.setDaemon(true);
    worker.start();
    double hard = settings.abandonAfterSeconds();
    try {
      if (Double.isInfinite(hard)) worker.join();
      else worker.join(Math.max(1, (long) (hard * 1000)));
    } catch (InterruptedException e) {
      worker.interrupt();
      Thread.currentThread().interrupt();
      return failed(inst, solverName, "TIMEOUT", (System.nanoTime() - t0) / 1e9, roof, "interrupted");
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    Object o = outcome.get();
    if (o == null) {
      worker.interrupt();
      return failed(inst, solverName, "TIMEOUT", secs, roof,
          String.format(Locale.ROOT, "no answer within %.1f s (time limit %.1f s); abandoned", hard, settings.timeLimitSeconds(solverName)));
    }
    if (o instanceof Throwable t) return failed(inst, solverName, ResultRow.ERROR, secs, roof, message(t));
    return row(inst, m, (SolverResult) o, roof);
  }

  private ResultRow row(Instance inst, CostModel m, SolverResult r, double roof) {
    List<Double> trace = trace(r.statistics().asMap());
    if (r.cost().isEmpty()) {
      return new ResultRow(inst, r.solver(), r.status().name(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0,
          r.solveSeconds(), r.lowerBound(), Double.NaN, Double.NaN, Double.NaN, roof, Double.NaN, "", trace, "no plan");
    }
    PlanCost c = r.cost().get();
    double simLat = Double.NaN;
    String error = "";
    try {
      Optional<SimulatorHook.Measured> sim = simulated(m, c.plan());
      if (sim.isPresent()) simLat = sim.get().latencySeconds();
    } catch (RuntimeException e) {
      error = "simulator: " + message(e);
    }
    double lb = Double.isFinite(r.lowerBound()) ? r.lowerBound() : Double.NaN;
    return new ResultRow(inst, r.solver(), r.status().name(), c.value(inst.parsedObjective()), c.latencySeconds(), c.energyJoules(),
        c.edp(), c.throughput(), c.partitions().size(), r.solveSeconds(), lb, Double.NaN, simLat,
        (simLat - c.latencySeconds()) / c.latencySeconds(), roof, roof / c.latencySeconds(), PlanCodec.encode(m, c), trace, error);
  }

  /** A plan on an instance's cost model (shared per instance: identity), the key of the simulator's memo. */
  private record Simulated(CostModel model, dev.compass.formulation.plan.PartitionPlan plan) {}

  /**
   * The simulator's measurements by plan: the exact solvers of an instance return the same optimal plan (in
   * {@code compare --models resnet18}, five of ten rows per instance), and the simulator is deterministic, so each plan
   * is simulated once (a simulation takes about 0.3 s there). A simulation that throws is not remembered.
   */
  private final java.util.concurrent.ConcurrentHashMap<Simulated, Optional<SimulatorHook.Measured>> simulations =
      new java.util.concurrent.ConcurrentHashMap<>();

  private Optional<SimulatorHook.Measured> simulated(CostModel m, dev.compass.formulation.plan.PartitionPlan plan) {
    Simulated key = new Simulated(m, plan);
    Optional<SimulatorHook.Measured> known = simulations.get(key);
    if (known != null) return known;
    Optional<SimulatorHook.Measured> sim = simulator.simulate(m, plan);
    simulations.putIfAbsent(key, sim);
    return sim;
  }

  private static ResultRow failed(Instance inst, String solver, String status, double secs, double roof, String error) {
    return new ResultRow(inst, solver, status, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, secs, Double.NaN,
        Double.NaN, Double.NaN, Double.NaN, roof, Double.NaN, "", List.of(), error);
  }

  /** {@code Class: message}, followed by the cause's when there is no message of its own (an ExceptionInInitializerError says nothing itself). */
  static String message(Throwable t) {
    String m = t.getMessage();
    String own = t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    Throwable cause = t.getCause();
    return m == null && cause != null && cause != t ? own + ", caused by " + message(cause) : own;
  }

  /**
   * The best objective per generation from a solver's statistics {@code trace} entry, read
   * structurally (a list of numbers, or an object whose {@code points} have a {@code best}), so that
   * the workbench does not depend on the genetic solver's classes.
   */
  static List<Double> trace(Map<String, Object> stats) {
    Object t = stats.get("trace");
    if (t == null) return List.of();
    try {
      JsonNode n = Json.MAPPER.valueToTree(t);
      if (n.has("points")) n = n.get("points");
      List<Double> out = new ArrayList<>();
      if (!n.isArray()) return List.of();
      for (JsonNode p : n) {
        JsonNode v = p.isNumber() ? p : p.get("best");
        if (v == null || !v.isNumber()) return List.of();
        out.add(v.asDouble());
      }
      return List.copyOf(out);
    } catch (IllegalArgumentException e) {
      return List.of();
    }
  }
}
