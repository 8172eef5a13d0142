package dev.compass.solvers.certificate;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PairCost;
import dev.compass.costmodel.RangeScanner;
import dev.compass.formulation.InputException;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.plan.PartitionPlan;
import dev.compass.solvers.Certifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks a {@link DualCertificate} against a plan with the cost model alone (no solver).
 *
 * <p><b>Steps.</b> (1) The plan's feasibility ({@link Certifier#check}: units covered once in order,
 * {@code 1 <= d_s <= P_s}, capacity, least replication for its target) and its objective {@code V},
 * recomputed by {@link CostModel#evaluate}. (2) Every candidate {@code c = (i..j, tau)} of every valid
 * range, enumerated by the cost model ({@link RangeScanner#candidates}, not read from the certificate),
 * against every facet {@code k}: the violation {@code v_c = max(0, pi_(j+1) - pi_i - cost_k(c))}. Any
 * plan is a path of candidates, so summing gives {@code cost_k(plan) >= pi_U - pi_0 - acc_U}, where
 * {@code acc_U} is the largest sum of violations along a path (one forward pass,
 * {@code acc_(j+1) = max_c acc_i + v_c}); the facet's bound is {@code b_k = pi_U - pi_0 - acc_U}.
 * (3) The lower bound {@code LB}: for an additive objective the bound of the facet with its weights;
 * for EDP the least {@code T*E} over the polyhedron {@code {alpha_k*T + beta_k*E >= b_k, T, E >= 0}}
 * (attained at a vertex, since {@code T*E} is concave along every edge of its lower-left boundary and
 * grows up and right; the vertices are the pairwise intersections of the facet lines and the axes
 * that satisfy every facet). (4) {@code REL = (V - LB) / V}; the plan is optimal within {@code REL}
 * when {@code REL <= tolerance}.
 *
 * <p>With weight prefetch (FORMULATION.md §9) a partition's time depends on its neighbours; the certificate is then
 * over candidates ({@link DualCertificate.Nodes#CANDIDATES}) and step (2) checks every pair of consecutive candidates
 * instead ({@code pairs}).
 *
 * <p>When {@code REL} exceeds the tolerance the verdict names the first violated inequality in
 * enumeration order (ranges by last unit, then first unit, then target) whose violation exceeds
 * {@code tolerance * |V| / (2U)} (the share of the tolerance one inequality of a {@code U}-arc path may
 * use), else the failed identity {@code pi_U - pi_0 = V} (or, for EDP, the bound the facets give).
 */
public final class CertificateChecker {
  private CertificateChecker() {}

  /** The default tolerance of {@code compass verify}. */
  public static final double DEFAULT_TOLERANCE = 1e-6;

  /**
   * Checks {@code certificate} for {@code plan}.
   *
   * @throws InputException if the certificate does not fit the problem (objective, number of potentials, weights)
   */
  public static Verdict check(CostModel model, Objective objective, PartitionPlan plan, DualCertificate certificate,
      double tolerance) {
    if (!(tolerance >= 0)) throw new InputException("--tolerance", "must be >= 0, got " + tolerance);
    if (!certificate.objective().equals(objective)) {
      throw new InputException("objective", "the certificate proves " + certificate.objective() + " but the objective is " + objective);
    }
    int units = model.units();
    List<Facet> facets = certificate.facets();
    boolean prefetch = model.hardware().prefetch();
    if (prefetch != (certificate.nodes() == DualCertificate.Nodes.CANDIDATES)) {
      throw new InputException("nodes", prefetch
          ? "this chip has weight prefetch (FORMULATION.md §9), so a partition's cost depends on its neighbours and a"
              + " certificate's potentials must be over candidates (\"nodes\": \"candidates\"); this one is over unit positions"
          : "the certificate's potentials are over candidates (weight prefetch), but this chip has no weight prefetch;"
              + " its certificates are over unit positions (\"units\")");
    }
    for (int k = 0; k < facets.size() && !prefetch; k++) {
      if (facets.get(k).size() != units + 1) {
        throw new InputException("facets[" + k + "].potentials", "has " + facets.get(k).size() + " entries; this network has "
            + units + " units on this chip, so it needs " + (units + 1) + " (one per unit position 0.." + units + ")");
      }
    }
    int additive = -1;
    if (objective.additive()) {
      double[] w = DualCertificate.weights(objective);
      for (int k = 0; k < facets.size() && additive < 0; k++) {
        if (facets.get(k).alpha() == w[0] && facets.get(k).beta() == w[1]) additive = k;
      }
      if (additive < 0) {
        throw new InputException("facets", "no facet has the weights of " + objective + " (alpha = " + w[0] + ", beta = " + w[1] + ")");
      }
    }

    List<String> problems = Certifier.check(model.mapping(), plan);
    if (!problems.isEmpty()) {
      return new Verdict(false, Double.NaN, Double.NaN, Double.NaN, 0, Optional.of("plan: " + problems.get(0)));
    }
    double value = model.evaluate(plan).value(objective);

    if (prefetch) return pairs(model, objective, facets, additive, value, tolerance);

    // (2) every candidate against every facet
    int nf = facets.size();
    double[][] pi = new double[nf][];
    double[] alpha = new double[nf];
    double[] beta = new double[nf];
    double[][] acc = new double[nf][units + 1];
    for (int k = 0; k < nf; k++) {
      pi[k] = facets.get(k).potentials();
      alpha[k] = facets.get(k).alpha();
      beta[k] = facets.get(k).beta();
    }
    double share = tolerance * Math.abs(value) / (2.0 * units);
    String first = null;
    long checked = 0;
    RangeScanner sc = model.scanner();
    double[] tau = new double[sc.maxCandidates()];
    double[] lat = new double[tau.length];
    double[] en = new double[tau.length];
    for (int j = 0; j < units; j++) {
      for (int i = model.minFirst(j); i <= j; i++) {
        sc.setRange(i, j);
        int n = sc.candidates(tau, lat, en);
        for (int k = 0; k < nf; k++) {
          double diff = pi[k][j + 1] - pi[k][i];
          for (int q = 0; q < n; q++) {
            checked++;
            double cost = alpha[k] * lat[q] + beta[k] * en[q];
            double v = diff - cost;
            if (v > 0) {
              acc[k][j + 1] = Math.max(acc[k][j + 1], acc[k][i] + v);
              if (v > share && first == null) first = describe(k, facets.get(k), i, j, tau[q], diff, cost);
            } else {
              acc[k][j + 1] = Math.max(acc[k][j + 1], acc[k][i]);
            }
          }
        }
      }
    }
    double[] bound = new double[nf];
    for (int k = 0; k < nf; k++) bound[k] = pi[k][units] - pi[k][0] - acc[k][units];

    return verdict(objective, facets, additive, value, tolerance, alpha, beta, bound, checked, first, "pi_" + units + " - pi_0");
  }

  /** (3) and (4): the lower bound from the facets' bounds, and the verdict. */
  private static Verdict verdict(Objective objective, List<Facet> facets, int additive, double value, double tolerance,
      double[] alpha, double[] beta, double[] bound, long checked, String first, String identity) {
    double lb = objective.additive() ? bound[additive] : edpBound(alpha, beta, bound);
    double rel = value == 0 ? (lb >= 0 ? 0 : Double.POSITIVE_INFINITY) : (value - lb) / Math.abs(value);
    rel = Math.max(0, rel);
    if (rel <= tolerance) return new Verdict(true, value, lb, rel, checked, Optional.empty());
    String why;
    if (first != null) {
      why = first;
    } else {
      why = objective.additive()
          ? String.format(Locale.ROOT, "identity pi_U - pi_0 = objective fails: %s = %.17g but the plan's %s is %.17g (relative gap %.3g > tolerance %.3g)",
              identity, facets.get(additive).claimed(), objective, value, rel, tolerance)
          : String.format(Locale.ROOT, "the facets bound E*T only by %.17g but the plan's EDP is %.17g (relative gap %.3g > tolerance %.3g)",
              lb, value, rel, tolerance);
    }
    return new Verdict(false, value, lb, rel, checked, Optional.of(why));
  }

  /**
   * Checks a certificate file for {@code plan}: its proof as {@link #check(CostModel, Objective, PartitionPlan,
   * DualCertificate, double)}, then the values the file states. A stated {@code planObjective} must be the plan's
   * recomputed objective {@code V} within {@code tolerance * |V|}; a stated {@code lowerBound} must not exceed the
   * bound the facets prove by more than {@code tolerance * |V|}. A file whose proof holds but whose claims do not is
   * rejected (not optimal), its violation naming the field, the stated value and the recomputed one.
   */
  public static Verdict check(CostModel model, Objective objective, PartitionPlan plan, CertificateFile file, double tolerance) {
    Verdict v = check(model, objective, plan, file.certificate(), tolerance);
    if (!v.optimal()) return v;
    double slack = tolerance * Math.abs(v.planValue()) + 4 * Math.ulp(v.planValue());
    if (file.planObjective().isPresent() && !(Math.abs(file.planObjective().getAsDouble() - v.planValue()) <= slack)) {
      return new Verdict(false, v.planValue(), v.lowerBound(), v.relativeGap(), v.inequalities(), Optional.of(String.format(
          Locale.ROOT, "planObjective: the certificate states %.17g but the plan's %s, recomputed by the cost model, is %.17g"
              + " (difference %.3g > tolerance %.3g times the objective)",
          file.planObjective().getAsDouble(), objective, v.planValue(), Math.abs(file.planObjective().getAsDouble() - v.planValue()),
          tolerance)));
    }
    if (file.lowerBound().isPresent() && !(file.lowerBound().getAsDouble() <= v.lowerBound() + slack)) {
      return new Verdict(false, v.planValue(), v.lowerBound(), v.relativeGap(), v.inequalities(), Optional.of(String.format(
          Locale.ROOT, "lowerBound: the certificate states %.17g but its facets prove only %.17g (the plan's %s is %.17g)",
          file.lowerBound().getAsDouble(), v.lowerBound(), objective, v.planValue())));
    }
    return v;
  }

  /**
   * Step (2) with weight prefetch (FORMULATION.md §9), where a partition's time depends on its neighbours: the nodes
   * are the source {@code 0}, the candidates {@code 1..K} (every candidate of every valid range, enumerated by the cost
   * model in {@link PairCost#forEachCandidate(CostModel, PairCost.Sink)}'s order) and the sink {@code K+1}; for the
   * weighting {@code (alpha, beta)}, {@code a = alpha + beta*pStatic}, the arcs and their costs are
   *
   * <pre>
   *   source -> q   (q starts at unit 0)               a*T_write(q) + beta*Edyn(q)
   *   p -> q        (q starts just after p ends)        a*t(p, q) + beta*Edyn(q),   t = C(p | q) + W(q | p)
   *   c -> sink     (c ends at the last unit)           a*C(c | -)
   * </pre>
   *
   * ({@link PairCost#transition}); every plan is a source-sink path whose cost is its {@code alpha*T + beta*E}
   * ({@link PairCost#plan}), so potentials with {@code pi_w - pi_v <= cost(v -> w)} on every arc bound every plan by
   * {@code pi_sink - pi_source}; violations are charged along the worst path, as over unit positions.
   */
  private static Verdict pairs(CostModel model, Objective objective, List<Facet> facets, int additive, double value,
      double tolerance) {
    PairCost.Table t = new PairCost.Table();
    PairCost.forEachCandidate(model, t);
    int K = t.size();
    int[] firstUnit = t.first();
    int[] lastUnit = t.last();
    long[] used = t.used();
    long[] rows = t.rows();
    double[] weight = t.weight();
    double[] io = t.io();
    double[] idle = t.idle();
    double[] write = t.write();
    double[] dynamic = t.dynamic();
    int nf = facets.size();
    for (int k = 0; k < nf; k++) {
      if (facets.get(k).size() != K + 2) {
        throw new InputException("facets[" + k + "].potentials", "has " + facets.get(k).size() + " entries; this network has " + K
            + " candidates on this chip (weight prefetch: potentials over candidates), so it needs " + (K + 2)
            + " (the source, one per candidate in the cost model's order, the sink)");
      }
    }
    int n = model.units();
    HardwareSpec hw = model.hardware();
    long capacity = model.capacityMeasure();
    // candidates by last unit (the predecessors of those starting one unit later)
    int[] endCount = new int[n + 1];
    for (int c = 0; c < K; c++) endCount[lastUnit[c] + 1]++;
    for (int e = 0; e < n; e++) endCount[e + 1] += endCount[e];
    int[] byEnd = new int[K];
    int[] fill = Arrays.copyOf(endCount, n);
    for (int c = 0; c < K; c++) byEnd[fill[lastUnit[c]]++] = c;
    double share = tolerance * Math.abs(value) / (2.0 * n);
    double[] alpha = new double[nf];
    double[] beta = new double[nf];
    double[] bound = new double[nf];
    String first = null;
    long checked = 0;
    double[] acc = new double[K];
    for (int k = 0; k < nf; k++) {
      Facet f = facets.get(k);
      alpha[k] = f.alpha();
      beta[k] = f.beta();
      double a = PairCost.timeWeight(hw, f.alpha(), f.beta());
      double[] pi = f.potentials();
      Arrays.fill(acc, 0);
      for (int q = 0; q < K; q++) { // by first unit: every predecessor comes earlier
        double own = f.beta() * dynamic[q];
        int s = firstUnit[q];
        if (s == 0) {
          checked++;
          double v = pi[1 + q] - pi[0] - (a * write[q] + own);
          if (v > 0) {
            acc[q] = v;
            if (v > share && first == null) first = String.format(Locale.ROOT,
                "facets[%d] (alpha = %.17g, beta = %.17g): pi[%s] - pi[source] <= cost is violated: %.17g > %.17g",
                k, f.alpha(), f.beta(), candidate(t, q), pi[1 + q] - pi[0], a * write[q] + own);
          }
          continue;
        }
        double best = Double.NEGATIVE_INFINITY;
        for (int x = endCount[s - 1]; x < endCount[s]; x++) {
          int p = byEnd[x];
          checked++;
          double cost = a * PairCost.transition(hw, capacity, idle[p], io[p], used[p], used[q], weight[q], rows[q], write[q]) + own;
          double v = pi[1 + q] - pi[1 + p] - cost;
          if (v > 0) {
            best = Math.max(best, acc[p] + v);
            if (v > share && first == null) first = String.format(Locale.ROOT,
                "facets[%d] (alpha = %.17g, beta = %.17g): pi[%s] - pi[%s] <= cost is violated: %.17g > %.17g",
                k, f.alpha(), f.beta(), candidate(t, q), candidate(t, p), pi[1 + q] - pi[1 + p], cost);
          } else {
            best = Math.max(best, acc[p]);
          }
        }
        acc[q] = Math.max(0, best);
      }
      double accEnd = 0;
      double sink = pi[K + 1];
      for (int x = endCount[n - 1]; x < endCount[n]; x++) {
        int c = byEnd[x];
        checked++;
        double v = sink - pi[1 + c] - a * idle[c];
        if (v > 0) {
          accEnd = Math.max(accEnd, acc[c] + v);
          if (v > share && first == null) first = String.format(Locale.ROOT,
              "facets[%d] (alpha = %.17g, beta = %.17g): pi[sink] - pi[%s] <= cost is violated: %.17g > %.17g",
              k, f.alpha(), f.beta(), candidate(t, c), sink - pi[1 + c], a * idle[c]);
        } else {
          accEnd = Math.max(accEnd, acc[c]);
        }
      }
      bound[k] = sink - pi[0] - accEnd;
    }
    return verdict(objective, facets, additive, value, tolerance, alpha, beta, bound, checked, first, "pi[sink] - pi[source]");
  }

  private static String candidate(PairCost.Table t, int c) {
    return String.format(Locale.ROOT, "units %d..%d, target %.17g s", t.first()[c], t.last()[c], t.target()[c]);
  }

  private static String describe(int k, Facet f, int i, int j, double tau, double diff, double cost) {
    return String.format(Locale.ROOT,
        "facets[%d] (alpha = %.17g, beta = %.17g): pi_%d - pi_%d <= cost(units %d..%d, target %.17g s) is violated: %.17g > %.17g",
        k, f.alpha(), f.beta(), j + 1, i, i, j, tau, diff, cost);
  }

  /**
   * The least {@code T*E} over {@code {alpha_k*T + beta_k*E >= b_k for all k; T, E >= 0}}: the least
   * product over the vertices (pairwise intersections of the lines, the axes included, that satisfy
   * every constraint up to a relative 1e-9, which can only lower the result). 0 if the region reaches
   * an axis.
   */
  static double edpBound(double[] alpha, double[] beta, double[] bound) {
    List<double[]> lines = new ArrayList<>();
    for (int k = 0; k < alpha.length; k++) lines.add(new double[] {alpha[k], beta[k], bound[k]});
    lines.add(new double[] {1, 0, 0});
    lines.add(new double[] {0, 1, 0});
    double best = Double.POSITIVE_INFINITY;
    for (int a = 0; a < lines.size(); a++) {
      for (int b = a + 1; b < lines.size(); b++) {
        double[] p = lines.get(a);
        double[] q = lines.get(b);
        double det = p[0] * q[1] - p[1] * q[0];
        if (det == 0) continue;
        double t = (p[2] * q[1] - p[1] * q[2]) / det;
        double e = (p[0] * q[2] - p[2] * q[0]) / det;
        boolean inside = true;
        for (double[] r : lines) {
          double lhs = r[0] * t + r[1] * e;
          if (lhs < r[2] - 1e-9 * (Math.abs(r[2]) + Math.abs(r[0] * t) + Math.abs(r[1] * e))) {
            inside = false;
            break;
          }
        }
        if (inside) best = Math.min(best, Math.max(0, t) * Math.max(0, e));
      }
    }
    return best == Double.POSITIVE_INFINITY ? 0 : best;
  }
}
