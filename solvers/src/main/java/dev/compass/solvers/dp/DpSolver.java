package dev.compass.solvers.dp;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.plan.Objective;
import dev.compass.solvers.Certifier;
import dev.compass.solvers.PartitionSolver;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.Status;
import dev.compass.solvers.certificate.DualCertificate;
import dev.compass.solvers.certificate.Facet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The exact dynamic program (FORMULATION.md §5): optimal for LATENCY, ENERGY and WEIGHTED over all
 * cut sets and bottleneck targets; optimal for EDP by the supported-point search. On a chip with
 * weight prefetch (§9) the weighted solves are the pair DP over candidates ({@link PairDp}). Its result is
 * certified: the lower bound is the optimum itself.
 */
public final class DpSolver implements PartitionSolver {
  @Override public String name() { return "dp"; }
  @Override public boolean exact() { return true; }
  @Override public boolean supportsPrefetch() { return true; }

  @Override
  public SolverResult solve(CostModel model, Objective objective, SolverOptions options) {
    long t0 = System.nanoTime();
    SegmentOptimizer opt = new SegmentOptimizer(model);
    Optional<SegmentOptimizer.Solution> found = opt.solve(objective);
    double secs = (System.nanoTime() - t0) / 1e9;
    DpStatistics stats = new DpStatistics(model.units(), opt.rangesScanned(), opt.weightedSolves(),
        objective.kind() == Objective.Kind.EDP ? opt.hullPoints() : 0);
    if (found.isEmpty()) {
      return new SolverResult(name(), objective, Status.INFEASIBLE, Optional.empty(), Double.NaN, Double.NEGATIVE_INFINITY, secs, stats, Optional.empty());
    }
    SegmentOptimizer.Solution s = found.get();
    double value = s.cost().value(objective);
    boolean prefetch = model.hardware().prefetch();
    String method = (prefetch ? "pair dynamic program over candidates (weight prefetch, §9)"
        : "dynamic program over unit positions")
        + (objective.kind() == Objective.Kind.EDP ? " + dichotomic supported-point search (EDP)" : "");
    // the potentials are labels over unit positions, which certify the additive path model of §5; with prefetch
    // the cost couples neighbouring partitions, and they are the pair DP's labels over candidates
    var cert = Certifier.certify(model, s.cost(), objective, true, value, method, dual(objective, opt.solves(), prefetch));
    return new SolverResult(name(), objective, cert.optimal() ? Status.OPTIMAL : Status.FEASIBLE, Optional.of(s.cost()), value, value, secs, stats, Optional.of(cert));
  }

  /**
   * The DP's labels of every weighted solve as facets (all of them finite: every unit position is reachable): over unit
   * positions, or with weight prefetch over candidates.
   */
  static Optional<DualCertificate> dual(Objective objective, List<SegmentOptimizer.Solution> solves, boolean prefetch) {
    List<Facet> facets = new ArrayList<>();
    for (SegmentOptimizer.Solution s : solves) {
      double[] pi = s.potentials();
      if (pi.length == 0) continue;
      boolean finite = true;
      for (double p : pi) finite &= Double.isFinite(p);
      if (finite) facets.add(new Facet(s.alpha(), s.beta(), pi));
    }
    return facets.isEmpty() ? Optional.empty() : Optional.of(prefetch
        ? new DualCertificate(objective, "pair dp labels g(c)", facets, DualCertificate.Nodes.CANDIDATES)
        : new DualCertificate(objective, "dp labels f(v)", facets));
  }
}
