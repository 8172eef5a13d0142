package dev.compass.bench.workbench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the rows of one instance say together: the proven optimum, the roofline bound and the
 * optimum's fraction of it, and the ratios of the baselines' objectives to the optimum's (and to the
 * genetic solver's), beside the paper's figures.
 *
 * @param instance the instance
 * @param optimumSolver the solver whose row is the proven optimum (status OPTIMAL; {@code dp}
 *     preferred), empty if no row proved one
 * @param optimumValue its objective ({@code NaN} if none)
 * @param optimumLatencySeconds its latency ({@code NaN} if none)
 * @param rooflineSeconds the roofline bound ({@code NaN} if no row has it)
 * @param rooflineFraction {@code rooflineSeconds / optimumLatencySeconds}
 * @param ratios the baselines' objectives over the solvers' (for objective latency: the throughput
 *     improvement; for EDP: the EDP improvement)
 */
public record InstanceSummary(Instance instance, String optimumSolver, double optimumValue, double optimumLatencySeconds,
    double rooflineSeconds, double rooflineFraction, List<Ratio> ratios) {

  /** Baselines the ratios are taken against. */
  public static final List<String> BASELINES = List.of("greedy", "layerwise");
  /** Solvers whose ratios to the baselines are reported (where they have a plan). */
  public static final List<String> CHALLENGERS = List.of("dp", "genetic");

  public InstanceSummary {
    ratios = List.copyOf(ratios);
  }

  /**
   * One improvement figure.
   *
   * @param solver the improved solver ({@code dp}: the optimum; {@code genetic})
   * @param baseline {@code greedy} or {@code layerwise}
   * @param ours {@code objective(baseline) / objective(solver)}
   * @param paper the paper's figure for the same comparison ({@code NaN} where it gives none)
   */
  public record Ratio(String solver, String baseline, double ours, double paper) {}

  /** Rows grouped by instance (grid order of first appearance) and summarized. */
  public static List<InstanceSummary> of(List<ResultRow> rows) {
    Map<Instance, List<ResultRow>> by = byInstance(rows);
    List<InstanceSummary> out = new ArrayList<>();
    for (var e : by.entrySet()) out.add(of(e.getKey(), e.getValue()));
    return List.copyOf(out);
  }

  /** Rows grouped by instance, in order of first appearance. */
  public static Map<Instance, List<ResultRow>> byInstance(List<ResultRow> rows) {
    Map<Instance, List<ResultRow>> by = new LinkedHashMap<>();
    for (ResultRow r : rows) by.computeIfAbsent(r.instance(), k -> new ArrayList<>()).add(r);
    return by;
  }

  /** The summary of one instance's rows. */
  public static InstanceSummary of(Instance instance, List<ResultRow> rows) {
    Optional<ResultRow> opt = optimum(rows);
    double roof = rows.stream().mapToDouble(ResultRow::rooflineSeconds).filter(Double::isFinite).findFirst().orElse(Double.NaN);
    double optLat = opt.map(ResultRow::latencySeconds).orElse(Double.NaN);
    List<Ratio> ratios = new ArrayList<>();
    for (String c : CHALLENGERS) {
      Optional<ResultRow> cr = find(rows, c);
      if (cr.isEmpty()) continue;
      for (String b : BASELINES) {
        Optional<ResultRow> br = find(rows, b);
        if (br.isEmpty()) continue;
        ratios.add(new Ratio(c, b, br.get().objectiveValue() / cr.get().objectiveValue(),
            PaperFigures.ratio(instance.model(), instance.objective(), b).orElse(Double.NaN)));
      }
    }
    return new InstanceSummary(instance, opt.map(ResultRow::solver).orElse(""), opt.map(ResultRow::objectiveValue).orElse(Double.NaN),
        optLat, roof, roof / optLat, ratios);
  }

  /** The ratio of {@code solver} over {@code baseline}, if both had plans. */
  public Optional<Ratio> ratio(String solver, String baseline) {
    return ratios.stream().filter(r -> r.solver().equals(solver) && r.baseline().equals(baseline)).findFirst();
  }

  /**
   * The proven optimum among rows of one instance: the {@code dp} row if it is OPTIMAL, else the
   * OPTIMAL row of least objective.
   */
  public static Optional<ResultRow> optimum(List<ResultRow> rows) {
    Optional<ResultRow> dp = rows.stream().filter(r -> r.solver().equals("dp") && r.status().equals("OPTIMAL") && r.hasPlan()).findFirst();
    if (dp.isPresent()) return dp;
    return rows.stream().filter(r -> r.status().equals("OPTIMAL") && r.hasPlan())
        .min((a, b) -> Double.compare(a.objectiveValue(), b.objectiveValue()));
  }

  /** Every row with its gap to its instance's proven optimum recomputed. */
  public static List<ResultRow> withGaps(List<ResultRow> rows) {
    Map<Instance, List<ResultRow>> by = byInstance(rows);
    Map<Instance, Double> opt = new LinkedHashMap<>();
    by.forEach((i, rs) -> opt.put(i, optimum(rs).map(ResultRow::objectiveValue).orElse(Double.NaN)));
    List<ResultRow> out = new ArrayList<>();
    for (ResultRow r : rows) {
      double o = opt.get(r.instance());
      double gap = r.hasPlan() && Double.isFinite(o) ? (o == 0 ? 0 : (r.objectiveValue() - o) / Math.abs(o)) : Double.NaN;
      out.add(r.withGap(gap));
    }
    return List.copyOf(out);
  }

  private static Optional<ResultRow> find(List<ResultRow> rows, String solver) {
    return rows.stream().filter(r -> r.solver().equals(solver) && r.hasPlan() && r.objectiveValue() > 0).findFirst();
  }
}
