package dev.compass.solvers.cp;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.FormulationTables;
import dev.compass.costmodel.PlanCost;
import dev.compass.solvers.GreedyCuts;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.certificate.Facet;
import dev.compass.solvers.ilp.IlpDriver;
import dev.compass.solvers.ilp.Weighted;
import dev.compass.solvers.ilp.WeightedFormulation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chocosolver.solver.Model;
import org.chocosolver.solver.Solver;
import org.chocosolver.solver.constraints.nary.automata.FA.CostAutomaton;
import org.chocosolver.solver.constraints.nary.automata.FA.utils.Bounds;
import org.chocosolver.solver.constraints.nary.automata.FA.utils.ICounter;
import org.chocosolver.solver.search.strategy.assignments.DecisionOperatorFactory;
import org.chocosolver.solver.search.strategy.selectors.variables.InputOrder;
import org.chocosolver.solver.search.loop.monitors.IMonitorSolution;
import org.chocosolver.solver.search.strategy.Search;
import org.chocosolver.solver.variables.IntVar;

/**
 * {@code min alpha*T + beta*E} as one Choco {@code costRegular} constraint (Pesant 2004; Demassey, Pesant and
 * Rousseau, Constraints 11, 2006); see {@link CostRegularSolver} for the model and the proof it carries.
 */
final class RegularFormulation implements WeightedFormulation {
  /**
   * The cost variable's resolution: the known plan's cost is {@code 2^29} quanta, so {@code z <= 2^30} stays an
   * {@code int} and each closing arc rounds down by less than {@code 2^-29} of the known plan's cost (a plan of
   * {@code p} partitions: less than {@code p * 2^-29}, about {@code 2e-7} for 115 partitions).
   */
  static final double QUANTA = 0x1p29;
  /**
   * An OPTIMAL answer's relative gap. The root proof: the first dive follows a shortest path of the scaled graph,
   * and its plan is OPTIMAL when its true cost {@code V} is within {@code TOLERANCE} of the root bound
   * {@code q*lb(z)} (which no plan's cost is below); otherwise the search continues, exhaustive under the
   * true-value cut, and proves to floating point.
   */
  static final double TOLERANCE = 1e-6;

  private final CostModel model;
  private final FormulationTables.Candidates table;
  private final SolverOptions options;
  private final int n;
  /** Longest valid range, in units: the automaton's states are 0..states-1. */
  private final int states;
  /** Most kept candidates of one range: symbols {@code 1 + j*maxValue + (k-1)} close at unit j with candidate k. */
  private final int maxValue;
  /** {@code offset[j][l]}: index of the first entry of range (j-l)..j, or -1 if that range is not valid. */
  private final int[][] offset;
  private final int[][] count;
  /** The greedy cuts' first units: the greedy cover ({@link FormulationTables.Candidates#cover}) is the cost bound. */
  private final int[] greedy;

  RegularFormulation(CostModel model, FormulationTables.Candidates table, SolverOptions options) {
    this.model = model;
    this.table = table;
    this.options = options;
    this.n = model.units();
    this.greedy = GreedyCuts.starts(model);
    int longest = 1;
    for (int j = 0; j < n; j++) longest = Math.max(longest, j - model.minFirst(j) + 1);
    this.states = longest;
    this.maxValue = Math.max(1, table.maxPerRange());
    offset = new int[n][];
    count = new int[n][];
    for (int j = 0; j < n; j++) {
      offset[j] = new int[j - model.minFirst(j) + 1];
      count[j] = new int[offset[j].length];
      java.util.Arrays.fill(offset[j], -1);
    }
    for (int c = 0; c < table.size(); c++) {
      int j = table.last(c);
      int l = j - table.first(c);
      if (offset[j][l] < 0) offset[j][l] = c;
      count[j][l]++;
    }
  }

  @Override
  public double tolerance() {
    return TOLERANCE;
  }

  /**
   * No: a solve builds the whole layered graph before its search can return a plan, and then proves at the root, so a
   * share of the budget only stops it without a plan. Measured, gpt2_xl/compass-m EDP with {@code --time-limit 10}:
   * the least-T solve got a third (3.3 s), spent 3.86 s building the graph and stopped with no plan, and the search
   * returned TIMEOUT at 4.2 s with 5.8 s of its budget unused.
   */
  @Override
  public boolean anytime() {
    return false;
  }

  /**
   * The symbol read at unit {@code j}: {@code k = 0} continues the partition past {@code j}, {@code k >= 1} closes it
   * at {@code j} with its {@code k}-th kept candidate. Symbols name their unit, so that the automaton's transitions
   * can follow validity (see {@link Automaton}).
   */
  private int symbol(int j, int k) {
    return j * (maxValue + 1) + k;
  }

  /**
   * Scaled cost of the arc at layer {@code j}, automaton state {@code l} (units before j in the partition), symbol
   * {@code v}. Only arcs of the automaton are asked for: {@code v = 0} (continue, free) or a closing symbol of
   * layer {@code j} whose range {@code (j-l)..j} has that candidate.
   */
  private double arcCost(int j, int v, int l, double alpha, double beta, double q) {
    int k = v - symbol(j, 0);
    if (k == 0) return 0;
    // an arc dearer than the whole range of z lies on no path within z's bounds; capped, its cost stays a lower
    // bound and an exact int
    return Math.min(Math.floor(table.cost(offset[j][l] + k - 1, alpha, beta) / q * CpModel.DOWN), 2 * QUANTA + 1);
  }

  @Override
  public Weighted solve(double alpha, double beta, double seconds) {
    long t0 = System.nanoTime();
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("candidates", table.all());
    stats.put("arcsKept", table.size());
    stats.put("automatonStates", states);
    stats.put("alphabet", n * (maxValue + 1));
    double ub = table.cover(greedy, alpha, beta, new ArrayList<>());
    if (!Double.isFinite(ub)) return Weighted.infeasible(stats);
    return once(alpha, beta, ub, seconds, stats, t0);
  }

  /** Arc costs computed between two deadline checks while Choco builds the graph. */
  private static final int CHECK_EVERY = 4096;

  /** Thrown out of Choco's graph construction when the time limit has passed. */
  private static final class OutOfTime extends RuntimeException {
    OutOfTime() {
      super("time limit", null, false, false);
    }
  }

  /** The best plan found and its true (re-evaluated) weighted cost. */
  private static final class Best {
    List<Integer> chosen;
    double value = Double.POSITIVE_INFINITY;
    int solutions;
    int cut;
  }

  private Weighted once(double alpha, double beta, double ub, double seconds, Map<String, Object> stats, long t0) {
    // a weighted solve is all or nothing (the graph, then the root dive), and Choco's graph construction goes on
    // after its last cost request, where the deadline is checked: a solve that cannot finish in the time left is
    // not started (gpt2_xl/compass-m EDP, 10 s: the least-E solve started with 2.5 s left after a 7.2 s least-T
    // solve and ended 0.6-2.1 s past the limit)
    double left = new IlpDriver.Deadline(seconds, t0).left(); // 0: no limit
    if (seconds > 0 && solveEstimate > 0 && left < solveEstimate) {
      stats.put("stoppedWhile", "before building costRegular's layered graph (a weighted solve took "
          + String.format(java.util.Locale.ROOT, "%.2f s, %.2f s left)", solveEstimate, left));
      return Weighted.stopped(stats);
    }
    long s0 = System.nanoTime();
    try {
      return build(alpha, beta, ub, seconds, stats, t0);
    } finally {
      solveEstimate = Math.max(solveEstimate, (System.nanoTime() - s0) / 1e9);
    }
  }

  /**
   * The longest weighted solve so far (graph and dive, or the time a stopped one had spent: a lower bound): a
   * solve is not started with less time left.
   */
  private double solveEstimate;

  private Weighted build(double alpha, double beta, double ub, double seconds, Map<String, Object> stats, long t0) {
    double q = ub > 0 ? ub / QUANTA : 1;
    int zMax = (int) (2 * QUANTA);
    Model m = new Model("compass-cost-regular");
    IntVar[] x = new IntVar[n];
    for (int j = 0; j < n; j++) {
      int most = 0;
      for (int l = 0; l < count[j].length; l++) most = Math.max(most, count[j][l]);
      int[] values = new int[most + 1];
      for (int k = 0; k <= most; k++) values[k] = symbol(j, k);
      x[j] = m.intVar("x" + j, values);
    }
    IntVar z = m.intVar("z", 0, zMax, true);
    long[] checks = new long[1];
    IlpDriver.Deadline deadline = new IlpDriver.Deadline(seconds, t0);
    ICounter counter = new ICounter() {
      private final Bounds bounds = Bounds.makeBounds(0, 0, zMax, zMax);
      private int calls;
      @Override public Bounds bounds() { return bounds; }
      @Override public double cost(int layer, int value) { throw new UnsupportedOperationException("costs depend on the state"); }
      @Override public double cost(int layer, int value, int state) {
        // Choco asks for every arc's cost while it builds the layered graph: the place to honour the deadline
        if (calls++ % CHECK_EVERY == 0 && seconds > 0) {
          checks[0]++;
          if (deadline.expired()) throw new OutOfTime();
        }
        return arcCost(layer, value, state, alpha, beta, q);
      }
    };
    long b0 = System.nanoTime();
    boolean outOfTime = false;
    try {
      m.costRegular(x, z, new Automaton(counter)).post();
    } catch (OutOfTime e) {
      outOfTime = true;
    }
    stats.put("graphSeconds", (System.nanoTime() - b0) / 1e9);
    stats.put("deadlineChecks", checks[0]);
    if (outOfTime) {
      stats.put("stoppedWhile", "building costRegular's layered graph");
      return Weighted.stopped(stats);
    }
    m.setObjective(Model.MINIMIZE, z);
    Solver s = m.getSolver();
    // bottom-up on z: decide z <= lb(z) first. costRegular makes lb(z) the shortest path and keeps only the arcs
    // of paths within z's bounds; the dive over x that follows closes a partition before it continues one (largest
    // symbol first). Measured on the 24 study instances: no dive failed this way, while continue-first dives
    // (smallest symbol first) failed 64 times on vgg16/compass-s
    s.setSearch(Search.intVarSearch(new InputOrder<>(m), v -> v.getLB(), DecisionOperatorFactory.makeIntSplit(), z),
        Search.inputOrderUBSearch(x));
    Best best = new Best();
    best.cut = zMax;
    // the cut keeps every plan whose true cost may beat the best re-evaluated one: Z <= cost/q for every plan
    s.getObjectiveManager().setCutComputer(v -> best.cut);
    s.plugMonitor((IMonitorSolution) () -> {
      best.solutions++;
      List<Integer> chosen = chosen(x);
      double t = 0;
      double e = 0;
      for (int c : chosen) {
        t += table.latency(c);
        e += table.energy(c);
      }
      double v = alpha * t + beta * e;
      if (v < best.value) {
        best.value = v;
        best.chosen = chosen;
        best.cut = (int) Math.min(zMax, Math.floor(v / q * (1 + 1e-12)));
      }
    });
    if (seconds > 0) s.limitTime((long) (deadline.left() * 1000));
    ChocoLimits.apply(s, options);
    int zFirst = -1;
    // every plan costs at least this: the root shortest path zFirst in quanta (floors make Z*q a lower bound of a
    // plan's true cost), rounded down
    double rootLb = Double.NEGATIVE_INFINITY;
    boolean atRoot = false;
    while (s.solve()) {
      if (zFirst < 0) {
        zFirst = z.getValue();
        rootLb = zFirst * q * CpModel.DOWN;
        // the root proof: the first dive's plan against the root bound
        if (best.value - rootLb <= TOLERANCE * Math.abs(best.value)) {
          atRoot = true;
          break;
        }
      }
    }
    boolean exhausted = s.getSearchState() == org.chocosolver.solver.search.SearchState.TERMINATED;
    stats.put("provenAtRoot", atRoot);
    stats.put("costQuantum", q);
    stats.put("seconds", (System.nanoTime() - b0) / 1e9);
    stats.put("nodes", s.getNodeCount());
    stats.put("fails", s.getFailCount());
    stats.put("solutions", best.solutions);
    stats.put("exhausted", exhausted);
    stats.put("dualMethod", "costRegular's layered graph: forward shortest paths over the same arcs, unscaled");
    if (best.chosen == null) {
      return exhausted ? Weighted.infeasible(stats) : Weighted.stopped(stats);
    }
    PlanCost cost = table.plan(best.chosen);
    double value = alpha * cost.latencySeconds() + beta * cost.energyJoules();
    // when the search under the true-value cut is exhausted no plan beats the best one; else the root bound holds
    double bound = exhausted && !atRoot ? Math.min(value, best.value) : Math.min(value, rootLb);
    stats.put("rootBound", rootLb);
    stats.put("partitions", best.chosen.size());
    options.progress().report("cp", value, bound, (System.nanoTime() - t0) / 1e9);
    boolean proven = (exhausted || atRoot) && value - bound <= TOLERANCE * Math.abs(value);
    Optional<Facet> facet = Optional.empty();
    if (proven) {
      double[] pi = table.labels(alpha, beta);
      boolean finite = true;
      for (double pv : pi) finite &= Double.isFinite(pv);
      if (finite) facet = Optional.of(new Facet(alpha, beta, pi));
    }
    return new Weighted(Optional.of(cost), best.value, Double.NaN, bound, proven, !exhausted && !atRoot, false, stats, facet);
  }

  /**
   * The automaton, with its transition function computed instead of stored: {@code l --symbol(j,0)--> l+1} when
   * range {@code (j-l)..(j+1)} is valid, and {@code l --symbol(j,k)--> 0} when range {@code (j-l)..j} is valid and
   * has a {@code k}-th kept candidate. Symbols name their unit, so costRegular's layered graph holds exactly one
   * arc per valid range (continue) and per kept candidate (close): no forbidden arc, no dead state. A brics automaton with these
   * transitions answers {@code delta} by a linear scan over a state's {@code O(n)} symbols, which made building
   * the graph quadratic.
   */
  private final class Automaton extends CostAutomaton {
    Automaton(ICounter counter) {
      super();
      addCounter(counter);
    }

    private int next(int state, int symbol) {
      int j = symbol / (maxValue + 1);
      int k = symbol - symbol(j, 0);
      if (j >= n) return -1;
      // continue only into a valid range (j-state)..(j+1): a partition that can no longer close is never entered
      if (k == 0) return j + 1 < n && state + 1 < count[j + 1].length ? state + 1 : -1;
      return state < count[j].length && k <= count[j][state] ? 0 : -1;
    }

    @Override public int getNbStates() { return states; }
    @Override public int getNbSymbols() { return n * (maxValue + 1); }
    @Override public int getInitialState() { return 0; }
    @Override public boolean isFinal(int state) { return state == 0; }
    @Override public boolean isNotFinal(int state) { return state != 0; }

    @Override
    public int delta(int state, int symbol) throws NonDeterministicOperationException {
      return next(state, symbol);
    }

    @Override
    public void delta(int state, int symbol, gnu.trove.set.hash.TIntHashSet out) {
      int t = next(state, symbol);
      if (t >= 0) out.add(t);
    }

    @Override
    public boolean run(int[] word) {
      int state = 0;
      for (int v : word) {
        state = next(state, v);
        if (state < 0) return false;
      }
      return state == 0;
    }
  }

  private List<Integer> chosen(IntVar[] x) {
    List<Integer> chosen = new ArrayList<>();
    int state = 0;
    for (int j = 0; j < n; j++) {
      int v = x[j].getValue();
      if (v == symbol(j, 0)) {
        state++;
      } else {
        chosen.add(offset[j][state] + (v - symbol(j, 1)));
        state = 0;
      }
    }
    return chosen;
  }
}
