package dev.compass.solvers.ilp;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PlanCost;
import dev.compass.formulation.plan.Objective;
import dev.compass.solvers.Certificate;
import dev.compass.solvers.Certifier;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.Status;
import dev.compass.solvers.SupportedPointSearch;
import dev.compass.solvers.certificate.DualCertificate;
import dev.compass.solvers.certificate.Facet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a {@link WeightedFormulation} into a {@link SolverResult} for any objective.
 *
 * <p><b>Additive objectives</b> ({@code LATENCY = 1*T + 0*E}, {@code ENERGY = 0*T + 1*E},
 * {@code WEIGHTED(lambda) = lambda*T + 1*E}) are one solve.
 *
 * <p><b>EDP</b> is solved exactly by the supported-point search of FORMULATION.md §5 over the
 * formulation's linear objective, not by a product of scaled integers: {@code E*T} is quasi-concave on
 * the positive quadrant, so its minimum over all plans lies at a vertex of the lower-left convex hull
 * of the plans' {@code (T, E)} points. The search solves {@code min T} and {@code min E}, then for each
 * hull segment {@code (T1,E1)-(T2,E2)} solves {@code min lambda*T + E} with
 * {@code lambda = (E1-E2)/(T2-T1)}; a plan below the segment by more than {@code 1e-9} relative is a new
 * vertex. Why not CP-SAT's {@code AddMultiplicationEquality}: the product of two sums needs both
 * factors below {@code 2^31} to stay in 64-bit integers, which limits the resolution of {@code T} and
 * {@code E} to about {@code 1e-9 * n} relative per factor and gives CP-SAT only weak product bounds;
 * the weighted subproblems keep the formulation linear (for the path formulation, a shortest path
 * whose LP relaxation is integral) and reuse its exact scaling. The EDP result is OPTIMAL only when
 * every weighted solve was proven; its tolerance is then three times the formulation's (two hull
 * points plus the vertex test). Otherwise the lower bound is {@code LB(T) * LB(E)}, the product of the
 * proven bounds of the two extreme solves (every plan has {@code T >= LB(T)} and {@code E >= LB(E)}).
 * The search is pruned (segments probed best bound first, stopped when none can beat the best vertex); a solve
 * that was not proven contributes the facet through its proven bound, not through its plan
 * ({@link SupportedPointSearch}), so a time-limited MIP's plan never prunes a segment.
 */
public final class IlpDriver {
  private static final double HULL_TOL = 1e-9;

  private IlpDriver() {}

  /** Solves {@code objective} with {@code f}: one weighted solve, or the supported-point search for EDP. */
  public static SolverResult run(String solver, String method, CostModel model, Objective objective, SolverOptions options,
      WeightedFormulation f, Map<String, Object> buildStats, long t0) {
    Deadline deadline = new Deadline(options.timeLimitSeconds(), t0);
    Map<String, Object> stats = new LinkedHashMap<>(buildStats);
    stats.put("tolerance", objective.additive() ? f.tolerance() : 3 * f.tolerance());
    return switch (objective.kind()) {
      case LATENCY -> single(solver, method, model, objective, f.solve(1, 0, deadline.left()), stats, t0, f);
      case ENERGY -> single(solver, method, model, objective, f.solve(0, 1, deadline.left()), stats, t0, f);
      case WEIGHTED -> single(solver, method, model, objective, f.solve(objective.lambda(), 1, deadline.left()), stats, t0, f);
      case EDP -> edp(solver, method, model, objective, f, deadline, stats, t0);
    };
  }

  private static SolverResult single(String solver, String method, CostModel model, Objective objective, Weighted w,
      Map<String, Object> stats, long t0, WeightedFormulation f) {
    stats.putAll(w.statistics());
    if (w.cost().isPresent()) {
      double mv = objective.kind() == Objective.Kind.ENERGY ? w.modelEnergy() : objective.value(w.modelLatency(), w.modelEnergy());
      if (Double.isFinite(mv)) stats.put("modelObjective", mv);
    }
    return finish(solver, method, model, objective, w.cost(), w.bound(), w.proven(), w.timedOut(), w.infeasible(), stats, t0, f.tolerance(),
        dual(objective, List.of(w)));
  }

  private static SolverResult edp(String solver, String method, CostModel model, Objective objective, WeightedFormulation f,
      Deadline deadline, Map<String, Object> stats, long t0) {
    List<Weighted> solves = new ArrayList<>();
    List<Double> times = new ArrayList<>();
    Weighted[] extremes = new Weighted[2];
    // an anytime formulation's two extreme solves get a third and a half of the budget, so that a slow model still
    // yields bounds on both T and E (hence on E*T); an all-or-nothing one (the LP) gets all that is left: a share
    // would only stop it without a plan (gpt2_xl/compass-m EDP, lp-path: TIMEOUT after the least-T solve's third)
    boolean split = f.anytime();
    Optional<SupportedPointSearch.Hull<Weighted>> hull = SupportedPointSearch.search((alpha, beta) -> {
      double budget = !split ? deadline.left() : alpha == 0 ? deadline.left() / 2 : beta == 0 ? deadline.left() / 3 : deadline.left();
      long w0 = System.nanoTime();
      Weighted w = f.solve(alpha, beta, budget);
      times.add(Math.round((System.nanoTime() - w0) / 1e7) / 100.0);
      solves.add(w);
      if (beta == 0) extremes[0] = w;
      if (alpha == 0) extremes[1] = w;
      return w.cost().isPresent() ? Optional.of(w) : Optional.empty();
    }, Weighted::latency, Weighted::energy, HULL_TOL, deadline::expired, w -> w.proven() ? Double.POSITIVE_INFINITY : w.bound());
    if (hull.isEmpty()) {
      Weighted fast = extremes[0];
      stats.putAll(fast.statistics());
      return finish(solver, method, model, objective, Optional.empty(), Double.NEGATIVE_INFINITY, false, fast.timedOut(),
          fast.infeasible(), stats, t0, 3 * f.tolerance(), Optional.empty());
    }
    Weighted best = hull.get().best();
    // every weighted solve proven is not enough: a search cut short by the time limit between two solves left a
    // segment unprobed that could still hold a plan of smaller E*T
    boolean complete = hull.get().complete();
    boolean proven = complete && solves.stream().allMatch(Weighted::proven);
    boolean timedOut = !complete || solves.stream().anyMatch(Weighted::timedOut);
    PlanCost cost = best.cost().orElseThrow();
    double bound;
    if (proven) {
      bound = cost.edp();
    } else {
      double lbT = extremes[0].bound();
      double lbE = extremes[1] == null ? Double.NEGATIVE_INFINITY : extremes[1].bound();
      bound = lbT > 0 && lbE > 0 ? lbT * lbE : Double.NEGATIVE_INFINITY;
    }
    stats.putAll(best.statistics());
    stats.put("weightedSolves", solves.size());
    stats.put("weightedSolveTimes", times.toString()); // seconds of each weighted solve, in order (least T, least E, ...)
    stats.put("hullVertices", hull.get().vertices().size());
    if (!complete) stats.put("stoppedWhile", "the supported-point search (a hull segment left unprobed)");
    double mv = best.modelLatency() * best.modelEnergy();
    if (Double.isFinite(mv)) stats.put("modelObjective", mv);
    return finish(solver, method + " + supported-point search (EDP)", model, objective, Optional.of(cost), bound, proven,
        timedOut, false, stats, t0, 3 * f.tolerance(), proven ? dual(objective, solves) : Optional.empty());
  }

  /** The facets of the proven weighted solves (for EDP every solve's facet is a valid inequality on (T, E)). */
  private static Optional<DualCertificate> dual(Objective objective, List<Weighted> solves) {
    List<Facet> facets = new ArrayList<>();
    for (Weighted w : solves) w.facet().ifPresent(facets::add);
    return facets.isEmpty() ? Optional.empty() : Optional.of(new DualCertificate(objective, solves.get(0).statistics()
        .getOrDefault("dualMethod", "potentials").toString(), facets));
  }

  private static SolverResult finish(String solver, String method, CostModel model, Objective objective, Optional<PlanCost> cost,
      double bound, boolean proven, boolean timedOut, boolean infeasible, Map<String, Object> stats, long t0, double tol,
      Optional<DualCertificate> dual) {
    double secs = (System.nanoTime() - t0) / 1e9;
    stats.put("wallSeconds", secs);
    if (cost.isEmpty()) {
      Status st = infeasible ? Status.INFEASIBLE : Status.TIMEOUT;
      return new SolverResult(solver, objective, st, Optional.empty(), Double.NaN, bound, secs, stats, Optional.empty());
    }
    PlanCost c = cost.get();
    double value = c.value(objective);
    boolean optimal = proven && value - bound <= tol * Math.abs(value);
    if (Double.isFinite(bound)) { // no bound (a solve stopped before SCIP had one): none in the statistics, not -Infinity
      stats.put("bound", bound);
      stats.put("gap", Math.max(0, (value - bound) / Math.abs(value)));
    }
    Certificate cert = Certifier.certify(model, c, objective, optimal, bound,
        method + " (relative tolerance " + tol + ")", dual);
    Status st = cert.optimal() ? Status.OPTIMAL : Status.FEASIBLE;
    return new SolverResult(solver, objective, st, cost, value, bound, secs, stats, Optional.of(cert));
  }

  /**
   * The result of a solve whose time limit passed while it built its candidate table ({@code statistics}
   * {@code stoppedWhile}): TIMEOUT, no plan, no bound.
   */
  public static SolverResult stoppedBuildingTable(String solver, Objective objective, Map<String, Object> buildStats, long t0) {
    Map<String, Object> stats = new LinkedHashMap<>(buildStats);
    stats.put("stoppedWhile", "building the candidate table");
    double secs = (System.nanoTime() - t0) / 1e9;
    stats.put("wallSeconds", secs);
    return new SolverResult(solver, objective, Status.TIMEOUT, Optional.empty(), Double.NaN, Double.NEGATIVE_INFINITY, secs, stats,
        Optional.empty());
  }

  /**
   * Wall-clock budget of a whole solve (all weighted subproblems and the table before them).
   *
   * @param limit seconds ({@code <= 0}: none)
   * @param t0 {@link System#nanoTime()} at the solve's start
   */
  public record Deadline(double limit, long t0) {
    /** Seconds left ({@code 0} = no limit; at least 1 ms otherwise). Fractions of "no limit" stay 0. */
    public double left() {
      if (limit <= 0) return 0;
      double l = limit - (System.nanoTime() - t0) / 1e9;
      return Math.max(l, 1e-3);
    }

    public boolean expired() {
      return limit > 0 && (System.nanoTime() - t0) / 1e9 >= limit;
    }
  }
}
