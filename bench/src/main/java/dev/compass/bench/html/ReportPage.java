package dev.compass.bench.html;

import dev.compass.bench.workbench.Instance;
import dev.compass.bench.workbench.InstanceSummary;
import dev.compass.bench.workbench.ParetoFront;
import dev.compass.bench.workbench.Report;
import dev.compass.bench.workbench.ResultRow;
import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PlanCost;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no scripts, no external files),
 * well-formed XML. Sections: the run, the per-instance summary, improvements over the baselines
 * beside the paper's, the Pareto fronts, the partition maps, the per-partition breakdowns of the
 * optimum, the solve times, the genetic solver's convergence, the roofline fractions, and all rows.
 */
public final class ReportPage {
  private ReportPage() {}

  /** The chart kinds every report has ({@code data-chart} attributes), in page order. */
  public static final List<String> CHART_KINDS = List.of("paper-latency", "paper-edp", "pareto", "partition-map",
      "latency-breakdown", "energy-breakdown", "solver-times", "convergence", "roofline");

  private static final String CSS = """
      body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;margin:24px;color:#222;max-width:1140px}
      h1{font-size:22px;margin:0 0 6px}h2{font-size:17px;margin:28px 0 4px;border-bottom:1px solid #ddd;padding-bottom:3px}
      h3{font-size:13px;margin:14px 0 4px}p.note{font-size:12.5px;color:#444;margin:4px 0 10px;line-height:1.45}
      table{border-collapse:collapse;font-size:11px;margin:6px 0}th,td{border:1px solid #ddd;padding:2px 5px;text-align:right;white-space:nowrap}td.l:last-child{white-space:normal}
      th{background:#f2f2f2}td.l,th.l{text-align:left}tr.opt td{background:#eef6ee}td.bad{color:#b00}
      .grid{display:flex;flex-wrap:wrap;gap:8px}.chart{background:#fff}dl.meta{font-size:12px;display:grid;grid-template-columns:max-content auto;gap:1px 12px;margin:6px 0}
      dl.meta dt{color:#666}dl.meta dd{margin:0}
      """;

  /** The whole page. */
  public static String render(Report report) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head><meta charset=\"utf-8\"/>")
        .append("<title>compass workbench report</title><style>").append(CSS).append("</style></head><body>");
    h.append("<h1>compass workbench report</h1>");
    h.append("<dl class=\"meta\">");
    report.meta().forEach((k, v) -> h.append("<dt>").append(esc(k)).append("</dt><dd>").append(esc(v)).append("</dd>"));
    h.append("</dl>");

    List<ResultRow> rows = report.rows();
    List<String> solvers = rows.stream().map(ResultRow::solver).distinct().toList();
    Map<Instance, Double> optimum = new LinkedHashMap<>();
    for (InstanceSummary s : report.summaries()) optimum.put(s.instance(), s.optimumValue());

    section(h, "Instances", "Per instance: the proven optimum (the dp row, or another solver's OPTIMAL row), the roofline bound "
        + "T_lb = weightBytes/bwDram + B*max(sum_s P_s*steps*tStep*a_s/A, max_s attentionTime_s) (FORMULATION.md §8.12) and the "
        + "optimum's latency against it, and the baselines' objective over the optimum's and the genetic solver's, beside the paper's figures.");
    summaryTable(h, report.summaries());

    section(h, "Improvement over the baselines, beside the paper",
        "Objective of greedy (left groups) and layerwise (right groups) divided by that of the exact optimum (blue, per chip) "
            + "and of the genetic solver (orange, where it ran); grey: the COMPASS paper's figure. For objective latency this is the "
            + "throughput improvement (the paper's per-network figures); for EDP the EDP improvement (the paper gives the average over "
            + "its networks). The dashed line is 1 (no improvement).");
    h.append(Charts.paperRatios(report.summaries(), "latency", "Throughput improvement (objective latency)"));
    h.append(Charts.paperRatios(report.summaries(), "edp", "EDP improvement (objective EDP)"));

    section(h, "Latency-energy Pareto fronts", "For each network, chip and batch: the supported points of the (T, E) Pareto "
        + "front over all plans (found exactly by a dichotomic search over lambda with the weighted DP), joined; the EDP optimum "
        + "(red star) lies on it, on the lowest iso-EDP curve (dashed); markers are the solvers' plans (squares: objective latency, "
        + "diamonds: objective EDP).");
    h.append(Charts.paretoLegend(solvers));
    h.append("<div class=\"grid\">");
    for (var e : report.problemInstances().entrySet()) {
      Instance i = e.getValue();
      List<ResultRow> pr = rows.stream().filter(r -> r.instance().problemKey().equals(e.getKey())).toList();
      h.append(Charts.pareto(i.model() + " on " + i.hardware() + ", B=" + i.batch(), report.fronts().getOrDefault(e.getKey(), List.of()), pr));
    }
    h.append("</div>");

    section(h, "Partition maps", "Each row is one solver's plan: units (column tiles of the stages, in order) along the axis, "
        + "partitions as outlined blocks, stages in colour; a segment's height grows with the stage's replication (labelled xd where "
        + "it fits). Hover for the partition's latency, energy and arrays.");
    Map<Instance, List<ResultRow>> byInstance = InstanceSummary.byInstance(rows);
    for (var e : byInstance.entrySet()) {
      List<Map.Entry<String, PlanCost>> plans = new ArrayList<>();
      for (ResultRow r : e.getValue()) {
        Optional<PlanCost> c = safePlan(report, r);
        c.ifPresent(pc -> plans.add(Map.entry(r.solver(), pc)));
      }
      if (plans.isEmpty()) continue;
      CostModel m = report.problems().model(e.getKey());
      h.append(Charts.partitionMap(e.getKey().label() + " (" + m.units() + " units, " + m.stages() + " stages)", m, plans));
    }

    section(h, "Per-partition breakdown of the optimum", "Latency of each partition of the optimum's plan, T(p) = T_write + "
        + "max(T_compute, bytesIO/bwDram): weight replacement, then compute or (where it dominates) activation traffic; and its "
        + "energy by kind. On a chip with weight prefetch (FORMULATION.md §9) the latency bar is the exposed write W(p|prev) "
        + "plus the compute phase C(p|next), and the pale top is the hidden write: the part of the partition's weights written "
        + "during the previous partition's compute phase.");
    for (var e : byInstance.entrySet()) {
      Optional<ResultRow> best = InstanceSummary.optimum(e.getValue());
      if (best.isEmpty()) best = e.getValue().stream().filter(ResultRow::hasPlan).min((a, b) -> Double.compare(a.objectiveValue(), b.objectiveValue()));
      if (best.isEmpty()) continue;
      Optional<PlanCost> c = safePlan(report, best.get());
      if (c.isEmpty()) continue;
      String t = e.getKey().label() + " (" + best.get().solver() + ")";
      h.append("<div class=\"grid\">").append(Charts.latencyBreakdown("Latency: " + t, c.get()))
          .append(Charts.energyBreakdown("Energy: " + t, c.get())).append("</div>");
    }

    section(h, "Solve times", "Wall-clock solve time of each solver on each instance, log scale. Hollow bars: the solver ended "
        + "without a plan or proof (TIMEOUT, INFEASIBLE, ERROR).");
    h.append(Charts.solverTimes(rows, solvers));

    section(h, "Genetic solver convergence", "Best objective in the genetic solver's population after each generation, over the "
        + "instance's proven optimum (1 = optimal; generation 0 is the initial population).");
    h.append(Charts.convergence(rows, optimum));

    section(h, "Roofline", "The roofline bound over the optimum's latency: how much of the chip's array throughput and DRAM "
        + "bandwidth the best plan uses (1 would be every array busy all the time after reading each weight once).");
    h.append(Charts.roofline(report.summaries()));

    section(h, "All rows", "One row per instance and solver (results.csv has the same, with the plans). Gap: to the proven optimum. "
        + "sim: the simulator's latency and its deviation from the cost model (n/a for a row without a plan, or when no simulator is plugged in).");
    rowTable(h, rows);
    h.append("</body></html>\n");
    return h.toString();
  }

  private static Optional<PlanCost> safePlan(Report report, ResultRow r) {
    try {
      return report.planCost(r);
    } catch (RuntimeException e) { // a plan that no longer evaluates (a changed model file) is left out of the charts
      return Optional.empty();
    }
  }

  private static void section(StringBuilder h, String title, String note) {
    h.append("<h2>").append(esc(title)).append("</h2><p class=\"note\">").append(esc(note)).append("</p>");
  }

  private static void summaryTable(StringBuilder h, List<InstanceSummary> ss) {
    h.append("<table><tr><th class=\"l\">model</th><th class=\"l\">hardware</th><th>batch</th><th class=\"l\">objective</th>")
        .append("<th class=\"l\">optimum by</th><th>optimum</th><th>latency s</th><th>roofline s</th><th>roofline/T</th>")
        .append("<th>dp/greedy</th><th>dp/layerwise</th><th>GA/greedy</th><th>GA/layerwise</th><th>paper/greedy</th><th>paper/layerwise</th></tr>");
    for (InstanceSummary s : ss) {
      Instance i = s.instance();
      h.append("<tr><td class=\"l\">").append(esc(i.model())).append("</td><td class=\"l\">").append(esc(i.hardware()))
          .append("</td><td>").append(i.batch()).append("</td><td class=\"l\">").append(esc(i.objective())).append("</td><td class=\"l\">")
          .append(esc(s.optimumSolver().isEmpty() ? "none proven" : s.optimumSolver())).append("</td>");
      td(h, g(s.optimumValue()));
      td(h, g(s.optimumLatencySeconds()));
      td(h, g(s.rooflineSeconds()));
      td(h, f3(s.rooflineFraction()));
      td(h, ratio(s, "dp", "greedy", false));
      td(h, ratio(s, "dp", "layerwise", false));
      td(h, ratio(s, "genetic", "greedy", false));
      td(h, ratio(s, "genetic", "layerwise", false));
      td(h, ratio(s, "dp", "greedy", true));
      td(h, ratio(s, "dp", "layerwise", true));
      h.append("</tr>");
    }
    h.append("</table>");
  }

  private static String ratio(InstanceSummary s, String solver, String baseline, boolean paper) {
    Optional<InstanceSummary.Ratio> r = s.ratio(solver, baseline);
    if (paper) {
      if (r.isEmpty()) r = s.ratio("genetic", baseline);
      return r.map(q -> Double.isFinite(q.paper()) ? String.format(Locale.ROOT, "%.2fx", q.paper()) : "-").orElse("-");
    }
    return r.map(q -> String.format(Locale.ROOT, "%.2fx", q.ours())).orElse("n/a");
  }

  private static void rowTable(StringBuilder h, List<ResultRow> rows) {
    h.append("<table><tr><th class=\"l\">instance</th><th class=\"l\">solver</th><th class=\"l\">status</th><th>objective</th>")
        .append("<th>latency s</th><th>energy J</th><th>EDP J*s</th><th>img/s</th><th>parts</th><th>solve s</th><th>gap</th>")
        .append("<th>sim latency s</th><th>sim dev</th><th>roofline/T</th><th class=\"l\">note</th></tr>");
    for (ResultRow r : rows) {
      boolean opt = r.status().equals("OPTIMAL");
      h.append(opt ? "<tr class=\"opt\">" : "<tr>").append("<td class=\"l\">").append(esc(r.instance().label())).append("</td><td class=\"l\">")
          .append(esc(r.solver())).append("</td><td class=\"l").append(r.status().equals("ERROR") ? " bad" : "").append("\">")
          .append(esc(r.status())).append("</td>");
      td(h, g(r.objectiveValue()));
      td(h, g(r.latencySeconds()));
      td(h, g(r.energyJoules()));
      td(h, g(r.edp()));
      td(h, g(r.throughput()));
      td(h, r.hasPlan() ? Integer.toString(r.partitions()) : "-");
      td(h, String.format(Locale.ROOT, "%.3f", r.solveSeconds()));
      td(h, pct(r.gap()));
      td(h, g(r.simLatencySeconds()));
      td(h, pct(r.simDeviation()));
      td(h, f3(r.rooflineFraction()));
      h.append("<td class=\"l\">").append(esc(r.error())).append("</td></tr>");
    }
    h.append("</table>");
  }

  private static void td(StringBuilder h, String s) {
    h.append("<td>").append(esc(s)).append("</td>");
  }

  /** A number as the report and compare's terminal tables show it: 4 significant digits, {@code n/a} if not finite. */
  public static String g(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "n/a";
  }

  /** A fraction with 3 decimals, {@code n/a} if not finite. */
  public static String f3(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "n/a";
  }

  /** A fraction as a percentage with 2 decimals, {@code n/a} if not finite. */
  public static String pct(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f%%", 100 * v) : "n/a";
  }

  private static String esc(String s) {
    return Svg.esc(s);
  }
}
