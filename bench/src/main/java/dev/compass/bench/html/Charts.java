package dev.compass.bench.html;

import dev.compass.bench.workbench.Instance;
import dev.compass.bench.workbench.InstanceSummary;
import dev.compass.bench.workbench.ParetoFront;
import dev.compass.bench.workbench.ResultRow;
import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PartitionCost;
import dev.compass.costmodel.PlanCost;
import dev.compass.costmodel.PrefetchTerms;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report's charts, each an SVG string. */
public final class Charts {
  private Charts() {}

  static final String FONT_GREY = "#555";
  static final String GRID = "#e3e3e3";
  private static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
      "#7f7f7f", "#bcbd22", "#17becf"};
  private static final Map<String, String> SOLVER_COLORS = Map.ofEntries(Map.entry("dp", "#1f77b4"), Map.entry("greedy", "#7f7f7f"),
      Map.entry("layerwise", "#bcbd22"), Map.entry("genetic", "#ff7f0e"), Map.entry("ilp-path", "#2ca02c"),
      Map.entry("ilp-path-scip", "#17becf"), Map.entry("lp-path", "#98df8a"), Map.entry("ilp-compact", "#9467bd"),
      Map.entry("cp", "#d62728"), Map.entry("cp-compact", "#e377c2"), Map.entry("brute", "#8c564b"));

  /** A solver's colour (fixed for the known solvers, from the palette otherwise). */
  public static String solverColor(String solver) {
    String c = SOLVER_COLORS.get(solver);
    return c != null ? c : PALETTE[Math.floorMod(solver.hashCode(), PALETTE.length)];
  }

  /** The k-th colour of the palette. */
  public static String color(int k) {
    return PALETTE[Math.floorMod(k, PALETTE.length)];
  }

  /** Stage colours: hues a golden angle apart, so neighbouring stages differ. */
  static String stageColor(int s) {
    double h = (s * 137.508) % 360;
    return String.format(Locale.ROOT, "hsl(%.0f,62%%,%d%%)", h, s % 2 == 0 ? 62 : 72);
  }

  /**
   * A chart's canvas: its size and the plot area's margins (left, right, top, bottom).
   * {@link #open} starts the SVG and writes the chart's heading.
   */
  private record Frame(double width, double height, double left, double right, double top, double bottom) {
    Svg open(String kind, String title, String heading, double size) {
      Svg svg = new Svg(kind, width, height, title);
      svg.text(left, 14, heading, "start", size, "#222", 0);
      return svg;
    }

    /** The plot area's right edge. */
    double plotRight() {
      return width - right;
    }

    /** The plot area's bottom edge. */
    double plotBottom() {
      return height - bottom;
    }
  }

  // ---------------------------------------------------------------- partition map

  /**
   * Partition maps of several plans of one instance: units along the horizontal axis, one row per
   * plan; each partition is an outlined block, its stages coloured segments inside it, a segment's
   * height growing with the stage's replication {@code d_s} (labelled {@code xd} where it fits).
   */
  public static String partitionMap(String title, CostModel m, List<Map.Entry<String, PlanCost>> plans) {
    double left = 110;
    double right = 16;
    double width = 1100;
    double rowH = 34;
    double top = 28;
    double height = top + plans.size() * (rowH + 10) + 34;
    Svg svg = new Svg("partition-map", width, height, title);
    svg.text(left, 16, title, "start", 12, "#222", 0);
    int units = m.units();
    double px = (width - right - left) / units;
    java.util.function.DoubleUnaryOperator x = u -> left + u * px;
    int maxD = 1;
    for (var e : plans) for (PartitionCost p : e.getValue().partitions()) for (int d : p.replication().values()) maxD = Math.max(maxD, d);
    double logMax = Math.log(Math.max(2, maxD));
    double y = top;
    for (var e : plans) {
      svg.text(left - 8, y + rowH * 0.62, e.getKey(), "end", 11, "#222", 0);
      svg.rect(left, y, width - right - left, rowH, "#f6f6f6", null, "");
      int k = 0;
      for (PartitionCost p : e.getValue().partitions()) {
        int s0 = m.unitStage(p.firstUnit());
        int s1 = m.unitStage(p.lastUnit());
        for (int s = s0; s <= s1; s++) {
          int u0 = Math.max(p.firstUnit(), m.stageFirstUnit(s));
          int u1 = Math.min(p.lastUnit(), m.stageLastUnit(s));
          int d = p.replication().getOrDefault(m.stageName(s), 1);
          double h = rowH * (0.4 + 0.6 * Math.log(d) / logMax);
          double x0 = x.applyAsDouble(u0);
          double w = (u1 - u0 + 1) * px;
          svg.rect(x0, y + rowH - h, w, h, stageColor(s), null,
              String.format(Locale.ROOT, "partition %d, stage %s, units %d..%d, replication x%d", k, m.stageName(s), u0, u1, d));
          if (d > 1 && w >= 16) svg.text(x0 + w / 2, y + rowH - h + 10, "x" + d, "middle", 8.5, "#111", 0);
        }
        svg.rect(x.applyAsDouble(p.firstUnit()), y, (p.lastUnit() - p.firstUnit() + 1) * px, rowH, "none", "#222",
            String.format(Locale.ROOT, "partition %d: units %d..%d, %d arrays, T %.4g s, E %.4g J", k, p.firstUnit(), p.lastUnit(),
                p.arraysUsed(), p.latencySeconds(), p.energyJoules()));
        k++;
      }
      svg.text(width - right, y - 2, e.getValue().partitions().size() + " partitions", "end", 9, FONT_GREY, 0);
      y += rowH + 10;
    }
    double step = Scale.niceStep(units / 10.0);
    for (double t = 0; t <= units; t += step) {
      svg.line(x.applyAsDouble(t), y - 6, x.applyAsDouble(t), y - 2, "#888", 1, false);
      svg.text(x.applyAsDouble(t), y + 9, Scale.fmt(t), "middle", 9, FONT_GREY, 0);
    }
    svg.text((left + width - right) / 2, y + 24, "unit (stages in order; block height grows with replication, max x" + maxD + ")",
        "middle", 10, FONT_GREY, 0);
    return svg.end();
  }

  // ---------------------------------------------------------------- breakdowns

  /**
   * Per-partition latency, stacked: weight write, then the larger of compute and activation I/O
   * (the cost model's {@code T_write}, {@code T_compute} and {@code bytesIO/bwDram}).
   */
  public static String latencyBreakdown(String title, PlanCost c) {
    if (c.prefetched()) return prefetchBreakdown(title, c);
    List<String> names = List.of("weight write", "compute", "activation I/O (bound)");
    List<String> colors = List.of("#9ecae1", "#3182bd", "#e6550d");
    List<double[]> parts = new ArrayList<>();
    for (PartitionCost p : c.partitions()) {
      double io = p.ioSeconds();
      boolean ioBound = io > p.computeSeconds();
      parts.add(new double[] {p.writeSeconds(), ioBound ? 0 : p.computeSeconds(), ioBound ? io : 0});
    }
    return stacked("latency-breakdown", title, "latency per partition", "s", names, colors, parts);
  }

  /**
   * Per-partition times under weight prefetch (FORMULATION.md §9), stacked: the exposed write
   * {@code W(p | prev)} and the compute phase {@code C(p | next)} (together the partition's latency),
   * then, pale, the hidden write {@code phi * T_write}: the part of the partition's weights written
   * during the previous partition's compute phase (not in this partition's latency).
   */
  public static String prefetchBreakdown(String title, PlanCost c) {
    List<String> names = List.of("exposed write", "compute phase", "hidden write (in the previous compute phase)");
    List<String> colors = List.of("#9ecae1", "#3182bd", "#deebf7");
    List<double[]> parts = new ArrayList<>();
    for (PrefetchTerms t : c.prefetch()) {
      parts.add(new double[] {t.exposedWriteSeconds(), t.computePhaseSeconds(), t.hiddenWriteSeconds()});
    }
    return stacked("prefetch-breakdown", title, "time per partition", "s", names, colors, parts);
  }

  /** Per-partition energy, stacked by kind. */
  public static String energyBreakdown(String title, PlanCost c) {
    List<String> names = List.of("array compute", "weight DRAM", "activation DRAM", "row writes", "attention", "static");
    List<String> colors = List.of("#31a354", "#756bb1", "#9e9ac8", "#fd8d3c", "#e7ba52", "#bdbdbd");
    List<double[]> parts = new ArrayList<>();
    for (PartitionCost p : c.partitions()) {
      parts.add(new double[] {p.computeEnergy(), p.weightDramEnergy(), p.ioDramEnergy(), p.rowWriteEnergy(), p.attentionEnergy(), p.staticEnergy()});
    }
    return stacked("energy-breakdown", title, "energy per partition", "J", names, colors, parts);
  }

  private static String stacked(String kind, String title, String what, String unit, List<String> names, List<String> colors,
      List<double[]> parts) {
    Frame fr = new Frame(540, 262, 62, 10, 58, 36);
    Svg svg = fr.open(kind, title, title, 11.5);
    legend(svg, fr.left(), 30, names, colors, fr.plotRight());
    double max = 0;
    for (double[] p : parts) {
      double s = 0;
      for (double v : p) s += v;
      max = Math.max(max, s);
    }
    // show the values in a readable unit: s, ms or us (J, mJ or uJ)
    double f = max >= 1 ? 1 : max >= 1e-3 ? 1e3 : 1e6;
    String prefix = f == 1 ? "" : f == 1e3 ? "m" : "\u00b5";
    Scale y = Scale.linear(0, max * f, fr.plotBottom(), fr.top());
    yAxis(svg, y, fr.left(), fr.plotRight(), what + " (" + prefix + unit + ")");
    double slot = (fr.plotRight() - fr.left()) / Math.max(1, parts.size());
    double bar = Math.max(1, slot * 0.8);
    for (int k = 0; k < parts.size(); k++) {
      double base = 0;
      double x0 = fr.left() + k * slot + (slot - bar) / 2;
      for (int c = 0; c < names.size(); c++) {
        double v = parts.get(k)[c];
        if (v <= 0) continue;
        svg.rect(x0, y.map((base + v) * f), bar, y.map(base * f) - y.map((base + v) * f), colors.get(c), null,
            String.format(Locale.ROOT, "partition %d: %s %.4g %s", k, names.get(c), v, unit));
        base += v;
      }
    }
    int every = Math.max(1, (int) Math.ceil(parts.size() / 20.0));
    for (int k = 0; k < parts.size(); k += every) svg.text(fr.left() + (k + 0.5) * slot, fr.plotBottom() + 12, Integer.toString(k), "middle", 9, FONT_GREY, 0);
    svg.text((fr.left() + fr.plotRight()) / 2, fr.height() - 6, "partition", "middle", 10, FONT_GREY, 0);
    return svg.end();
  }

  // ---------------------------------------------------------------- solver times

  /** Solve time per instance and solver, log scale; a hollow bar marks a row without a proven optimum. */
  public static String solverTimes(List<ResultRow> rows, List<String> solvers) {
    Map<Instance, List<ResultRow>> by = InstanceSummary.byInstance(rows);
    Frame fr = new Frame(1100, 420, 64, 12, 44, 120);
    Svg svg = fr.open("solver-times", "Solve time per instance and solver (log scale)", "Solve time per instance and solver (seconds, log scale)", 12);
    legend(svg, fr.left(), 30, solvers, solvers.stream().map(Charts::solverColor).toList(), fr.plotRight());
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    for (ResultRow r : rows) {
      if (r.solveSeconds() > 0) {
        lo = Math.min(lo, r.solveSeconds());
        hi = Math.max(hi, r.solveSeconds());
      }
    }
    if (!(hi > 0)) {
      lo = 1e-3;
      hi = 1;
    }
    Scale y = Scale.log(Math.max(lo, 1e-6), hi, fr.plotBottom(), fr.top());
    yAxisLog(svg, y, fr.left(), fr.plotRight(), "seconds");
    double group = (fr.plotRight() - fr.left()) / Math.max(1, by.size());
    double bar = Math.max(1, group * 0.85 / Math.max(1, solvers.size()));
    int g = 0;
    for (var e : by.entrySet()) {
      double gx = fr.left() + g * group + group * 0.075;
      for (int k = 0; k < solvers.size(); k++) {
        String s = solvers.get(k);
        ResultRow r = e.getValue().stream().filter(x -> x.solver().equals(s)).findFirst().orElse(null);
        if (r == null || !(r.solveSeconds() > 0)) continue;
        double top0 = y.map(r.solveSeconds());
        boolean solid = r.status().equals("OPTIMAL") || r.status().equals("FEASIBLE");
        String tip = String.format(Locale.ROOT, "%s on %s: %.4g s, %s", s, e.getKey().label(), r.solveSeconds(), r.status());
        svg.rect(gx + k * bar, top0, bar * 0.92, fr.plotBottom() - top0, solid ? solverColor(s) : "white", solverColor(s), tip);
      }
      Instance i = e.getKey();
      svg.text(fr.left() + (g + 0.5) * group, fr.plotBottom() + 8, shortLabel(i), "end", 9, FONT_GREY, -50);
      g++;
    }
    return svg.end();
  }

  static String shortLabel(Instance i) {
    return i.model() + " " + i.hardware().replace("compass-", "") + " B" + i.batch() + " " + i.objective();
  }

  // ---------------------------------------------------------------- ratios vs paper

  /**
   * The improvement of the optimum (dp) and of the genetic solver over greedy and layerwise, per
   * model and hardware, beside the paper's figure: throughput ({@code objective = latency}) or EDP.
   */
  public static String paperRatios(List<InstanceSummary> summaries, String objective, String title) {
    List<InstanceSummary> ss = summaries.stream().filter(s -> s.instance().objective().equals(objective)).toList();
    List<String> models = ss.stream().map(s -> s.instance().model()).distinct().toList();
    boolean byBatch = ss.stream().map(s -> s.instance().batch()).distinct().count() > 1;
    java.util.function.Function<InstanceSummary, String> config = s -> s.instance().hardware() + (byBatch ? " B" + s.instance().batch() : "");
    List<String> configs = ss.stream().map(config).distinct().toList();
    List<String> series = new ArrayList<>();
    List<String> colors = new ArrayList<>();
    series.add("paper (COMPASS)");
    colors.add("#555");
    boolean genetic = ss.stream().anyMatch(s -> s.ratio("genetic", "greedy").isPresent() || s.ratio("genetic", "layerwise").isPresent());
    for (int k = 0; k < configs.size(); k++) {
      series.add("optimum (dp) " + configs.get(k));
      colors.add(shade(210, 65, k, configs.size()));
    }
    if (genetic) {
      for (int k = 0; k < configs.size(); k++) {
        series.add("genetic " + configs.get(k));
        colors.add(shade(25, 90, k, configs.size()));
      }
    }
    List<String> groups = new ArrayList<>();
    List<double[]> values = new ArrayList<>();
    for (String baseline : InstanceSummary.BASELINES) {
      for (String model : models) {
        double[] v = new double[series.size()];
        java.util.Arrays.fill(v, Double.NaN);
        for (InstanceSummary s : ss) {
          if (!s.instance().model().equals(model)) continue;
          int ci = configs.indexOf(config.apply(s));
          s.ratio("dp", baseline).ifPresent(r -> {
            v[0] = r.paper();
            v[1 + ci] = r.ours();
          });
          if (genetic) s.ratio("genetic", baseline).ifPresent(r -> {
            v[0] = r.paper();
            v[1 + configs.size() + ci] = r.ours();
          });
        }
        groups.add(model + " vs " + baseline);
        values.add(v);
      }
    }
    String what = objective.equals("latency") ? "throughput" : objective.toUpperCase(Locale.ROOT);
    return groupedBars("paper-" + objective, title, what + " improvement (x, baseline / ours)", groups, series, colors, values, 1.0);
  }

  /** The k-th of n shades of one hue, dark to light. */
  static String shade(int hue, int saturation, int k, int n) {
    double l = n <= 1 ? 45 : 25 + 50.0 * k / (n - 1);
    return String.format(Locale.ROOT, "hsl(%d,%d%%,%.0f%%)", hue, saturation, l);
  }

  private static String groupedBars(String kind, String title, String yLabel, List<String> groups, List<String> series,
      List<String> colors, List<double[]> values, double refLine) {
    Frame fr = new Frame(1100, 380, 64, 12, 62, 56);
    Svg svg = fr.open(kind, title, title, 12);
    legend(svg, fr.left(), 30, series, colors, fr.plotRight());
    double max = refLine;
    for (double[] v : values) for (double x : v) if (Double.isFinite(x)) max = Math.max(max, x);
    Scale y = Scale.linear(0, max * 1.08, fr.plotBottom(), fr.top());
    yAxis(svg, y, fr.left(), fr.plotRight(), yLabel);
    svg.line(fr.left(), y.map(refLine), fr.plotRight(), y.map(refLine), "#444", 1, true);
    double group = (fr.plotRight() - fr.left()) / Math.max(1, groups.size());
    double bar = group * 0.86 / Math.max(1, series.size());
    for (int gi = 0; gi < groups.size(); gi++) {
      double gx = fr.left() + gi * group + group * 0.07;
      for (int k = 0; k < series.size(); k++) {
        double v = values.get(gi)[k];
        if (!Double.isFinite(v)) continue;
        svg.rect(gx + k * bar, y.map(v), bar * 0.92, y.map(0) - y.map(v), colors.get(k), null,
            String.format(Locale.ROOT, "%s, %s: %.3fx", groups.get(gi), series.get(k), v));
        if (bar >= 22) svg.text(gx + (k + 0.46) * bar, y.map(v) - 3, String.format(Locale.ROOT, "%.2f", v), "middle", 8, "#333", 0);
      }
      svg.text(fr.left() + (gi + 0.5) * group, fr.plotBottom() + 14, groups.get(gi), "middle", 10, "#333", 0);
    }
    if (groups.isEmpty()) svg.text(fr.width() / 2, fr.height() / 2, "no instance with this objective and both baselines in this run", "middle", 12, FONT_GREY, 0);
    return svg.end();
  }

  // ---------------------------------------------------------------- convergence

  /**
   * The genetic solver's best objective per generation, divided by the instance's proven optimum
   * (1 = optimal), one line per instance.
   */
  public static String convergence(List<ResultRow> rows, Map<Instance, Double> optimum) {
    Frame fr = new Frame(1100, 360, 64, 250, 30, 40);
    Svg svg = fr.open("convergence", "Genetic solver convergence", "Genetic solver: best objective per generation / proven optimum", 12);
    List<ResultRow> ga = rows.stream().filter(r -> !r.trace().isEmpty()).toList();
    if (ga.isEmpty()) {
      svg.rect(fr.left(), fr.top(), fr.plotRight() - fr.left(), fr.height() - fr.top() - fr.bottom(), "#f6f6f6", "#ccc", "");
      svg.text((fr.left() + fr.plotRight()) / 2, fr.height() / 2, "no genetic solver results in this run (the genetic solver records its convergence trace)",
          "middle", 12, FONT_GREY, 0);
      return svg.end();
    }
    int gens = 1;
    double max = 1;
    double min = Double.POSITIVE_INFINITY;
    Map<ResultRow, double[]> series = new LinkedHashMap<>();
    for (ResultRow r : ga) {
      double ref = optimum.getOrDefault(r.instance(), Double.NaN);
      if (!(ref > 0)) ref = r.trace().get(r.trace().size() - 1);
      double[] v = new double[r.trace().size()];
      for (int k = 0; k < v.length; k++) {
        v[k] = r.trace().get(k) / ref;
        if (Double.isFinite(v[k])) {
          max = Math.max(max, v[k]);
          min = Math.min(min, v[k]);
        }
      }
      gens = Math.max(gens, v.length - 1);
      series.put(r, v);
    }
    Scale x = Scale.linear(0, gens, fr.left(), fr.plotRight());
    Scale y = Scale.linear(Math.min(1, min), max, fr.plotBottom(), fr.top());
    yAxis(svg, y, fr.left(), fr.plotRight(), "best / optimum");
    xAxis(svg, x, fr.plotBottom(), "generation");
    svg.line(fr.left(), y.map(1), fr.plotRight(), y.map(1), "#444", 1, true);
    int k = 0;
    double ly = fr.top() + 4;
    for (var e : series.entrySet()) {
      double[] v = e.getValue();
      double[] xs = new double[v.length];
      double[] ys = new double[v.length];
      for (int g = 0; g < v.length; g++) {
        xs[g] = x.map(g);
        ys[g] = y.map(Double.isFinite(v[g]) ? v[g] : max);
      }
      String col = color(k);
      svg.polyline(xs, ys, col, 1.6, false, e.getKey().instance().label() + String.format(Locale.ROOT, ": final %.4f x optimum", v[v.length - 1]));
      if (ly < fr.plotBottom()) {
        svg.rect(fr.plotRight() + 12, ly - 7, 10, 8, col, null, "");
        svg.text(fr.plotRight() + 26, ly, shortLabel(e.getKey().instance()), "start", 9, "#333", 0);
        ly += 12;
      }
      k++;
    }
    return svg.end();
  }

  // ---------------------------------------------------------------- Pareto front

  /**
   * The supported points of the (T, E) front, joined (the hull), the EDP optimum starred, the
   * iso-EDP curve through it dashed, and each solver's plans as markers.
   */
  public static String pareto(String title, List<ParetoFront.Point> front, List<ResultRow> rows) {
    Frame fr = new Frame(360, 300, 60, 10, 30, 40);
    Svg svg = fr.open("pareto", title, title, 11.5);
    if (front.isEmpty()) {
      svg.text(fr.width() / 2, fr.height() / 2, "no feasible plan", "middle", 12, FONT_GREY, 0);
      return svg.end();
    }
    double tMin = Double.POSITIVE_INFINITY;
    double tMax = 0;
    double eMin = Double.POSITIVE_INFINITY;
    double eMax = 0;
    for (ParetoFront.Point p : front) {
      tMin = Math.min(tMin, p.latencySeconds());
      tMax = Math.max(tMax, p.latencySeconds());
      eMin = Math.min(eMin, p.energyJoules());
      eMax = Math.max(eMax, p.energyJoules());
    }
    List<ResultRow> plotted = rows.stream().filter(r -> r.hasPlan() && Double.isFinite(r.latencySeconds())).toList();
    for (ResultRow r : plotted) {
      tMax = Math.max(tMax, r.latencySeconds());
      eMax = Math.max(eMax, r.energyJoules());
    }
    double ms = 1e3;
    Scale x = Scale.linear(tMin * ms * 0.97, tMax * ms * 1.03, fr.left(), fr.plotRight());
    Scale y = Scale.linear(eMin * ms * 0.97, eMax * ms * 1.03, fr.plotBottom(), fr.top());
    yAxis(svg, y, fr.left(), fr.plotRight(), "energy (mJ)");
    xAxis(svg, x, fr.plotBottom(), "latency (ms)");
    ParetoFront.Point best = ParetoFront.edpOptimum(front);
    // iso-EDP curve E = EDP*/T through the optimum
    int n = 60;
    List<Double> cx = new ArrayList<>();
    List<Double> cy = new ArrayList<>();
    for (int k = 0; k <= n; k++) {
      double t = x.min() + (x.max() - x.min()) * k / n;
      double e = best.edp() * ms * ms / t;
      if (e >= y.min() && e <= y.max()) {
        cx.add(x.map(t));
        cy.add(y.map(e));
      }
    }
    if (cx.size() > 1) {
      svg.polyline(cx.stream().mapToDouble(Double::doubleValue).toArray(), cy.stream().mapToDouble(Double::doubleValue).toArray(), "#999", 1,
          true, String.format(Locale.ROOT, "iso-EDP curve E*T = %.4g J*s", best.edp()));
    }
    double[] xs = front.stream().mapToDouble(p -> x.map(p.latencySeconds() * ms)).toArray();
    double[] ys = front.stream().mapToDouble(p -> y.map(p.energyJoules() * ms)).toArray();
    svg.polyline(xs, ys, "#1f77b4", 1.6, false, front.size() + " supported points");
    for (ParetoFront.Point p : front) {
      svg.circle(x.map(p.latencySeconds() * ms), y.map(p.energyJoules() * ms), 2.6, "#1f77b4", null,
          String.format(Locale.ROOT, "supported point T %.4g s, E %.4g J, EDP %.4g", p.latencySeconds(), p.energyJoules(), p.edp()));
    }
    for (ResultRow r : plotted) {
      double px = x.map(r.latencySeconds() * ms);
      double py = y.map(r.energyJoules() * ms);
      boolean edp = r.instance().objective().equals("edp");
      String col = solverColor(r.solver());
      String tip = String.format(Locale.ROOT, "%s (%s): T %.4g s, E %.4g J", r.solver(), r.instance().objective(), r.latencySeconds(), r.energyJoules());
      if (edp) svg.polygon(new double[] {px, px + 4, px, px - 4}, new double[] {py - 4, py, py + 4, py}, col, "#333", tip);
      else svg.rect(px - 3, py - 3, 6, 6, "white", col, tip);
    }
    star(svg, x.map(best.latencySeconds() * ms), y.map(best.energyJoules() * ms), 8, "#d62728",
        String.format(Locale.ROOT, "EDP optimum: T %.4g s, E %.4g J, EDP %.4g J*s", best.latencySeconds(), best.energyJoules(), best.edp()));
    return svg.end();
  }

  private static void star(Svg svg, double cx, double cy, double r, String fill, String tip) {
    double[] xs = new double[10];
    double[] ys = new double[10];
    for (int k = 0; k < 10; k++) {
      double a = -Math.PI / 2 + k * Math.PI / 5;
      double rr = k % 2 == 0 ? r : r * 0.45;
      xs[k] = cx + rr * Math.cos(a);
      ys[k] = cy + rr * Math.sin(a);
    }
    svg.polygon(xs, ys, fill, "#333", tip);
  }

  /** The legend of the Pareto charts (one for the page). */
  public static String paretoLegend(List<String> solvers) {
    Svg svg = new Svg("pareto-legend", 1100, 46, "Legend of the Pareto charts");
    double x = 10;
    svg.polyline(new double[] {x, x + 24}, new double[] {14, 14}, "#1f77b4", 1.6, false, "");
    svg.circle(x + 12, 14, 2.6, "#1f77b4", null, "");
    svg.text(x + 30, 18, "supported points (hull)", "start", 10);
    x += 170;
    star(svg, x + 6, 14, 7, "#d62728", "");
    svg.text(x + 18, 18, "EDP optimum", "start", 10);
    x += 110;
    svg.polyline(new double[] {x, x + 24}, new double[] {14, 14}, "#999", 1, true, "");
    svg.text(x + 30, 18, "iso-EDP curve", "start", 10);
    x += 110;
    svg.rect(x, 10, 7, 7, "white", "#333", "");
    svg.text(x + 12, 18, "latency-objective plan", "start", 10);
    x += 150;
    svg.polygon(new double[] {x + 4, x + 8, x + 4, x}, new double[] {10, 14, 18, 14}, "#777", "#333", "");
    svg.text(x + 12, 18, "EDP-objective plan", "start", 10);
    x = 10;
    for (String s : solvers) {
      svg.rect(x, 29, 10, 10, solverColor(s), null, "");
      svg.text(x + 14, 38, s, "start", 10);
      x += 24 + 6.5 * s.length();
    }
    return svg.end();
  }

  // ---------------------------------------------------------------- roofline

  /** The optimum's latency as a fraction of the roofline bound's, per instance (1 = on the bound). */
  public static String roofline(List<InstanceSummary> summaries) {
    List<String> groups = new ArrayList<>();
    List<double[]> values = new ArrayList<>();
    for (InstanceSummary s : summaries) {
      groups.add(shortLabel(s.instance()));
      values.add(new double[] {s.rooflineFraction()});
    }
    Frame fr = new Frame(1100, 330, 64, 12, 30, 110);
    Svg svg = fr.open("roofline", "Roofline bound over the optimum's latency", "Roofline bound / optimum latency per instance (1 = the optimum reaches the bound)", 12);
    Scale y = Scale.linear(0, 1, fr.plotBottom(), fr.top());
    yAxis(svg, y, fr.left(), fr.plotRight(), "T_lb / T_opt");
    double group = (fr.plotRight() - fr.left()) / Math.max(1, groups.size());
    for (int g = 0; g < groups.size(); g++) {
      double v = values.get(g)[0];
      if (Double.isFinite(v)) {
        svg.rect(fr.left() + g * group + group * 0.2, y.map(v), group * 0.6, y.map(0) - y.map(v), "#2ca02c", null,
            String.format(Locale.ROOT, "%s: %.3f", groups.get(g), v));
      }
      svg.text(fr.left() + (g + 0.5) * group, fr.plotBottom() + 8, groups.get(g), "end", 9, FONT_GREY, -50);
    }
    return svg.end();
  }

  // ---------------------------------------------------------------- axes and legends

  static void yAxis(Svg svg, Scale y, double left, double right, String label) {
    yAxis(svg, y, left, right, label, Scale::fmt);
  }

  /** A y axis with its ticks as powers of ten ({@code 1e-3}). */
  static void yAxisLog(Svg svg, Scale y, double left, double right, String label) {
    yAxis(svg, y, left, right, label,
        t -> String.format(Locale.ROOT, "%.0e", t).replace("e+0", "e").replace("e-0", "e-").replace("e+", "e"));
  }

  private static void yAxis(Svg svg, Scale y, double left, double right, String label, java.util.function.DoubleFunction<String> tick) {
    for (double t : y.ticks()) {
      double py = y.map(t);
      svg.line(left, py, right, py, GRID, 1, false);
      svg.text(left - 5, py + 3, tick.apply(t), "end", 9, FONT_GREY, 0);
    }
    svg.line(left, y.map(y.min()), left, y.map(y.max()), "#888", 1, false);
    svg.text(14, (y.map(y.min()) + y.map(y.max())) / 2, label, "middle", 10, FONT_GREY, -90);
  }

  static void xAxis(Svg svg, Scale x, double py, String label) {
    svg.line(x.map(x.min()), py, x.map(x.max()), py, "#888", 1, false);
    for (double t : x.ticks()) {
      svg.line(x.map(t), py, x.map(t), py + 4, "#888", 1, false);
      svg.text(x.map(t), py + 14, Scale.fmt(t), "middle", 9, FONT_GREY, 0);
    }
    svg.text((x.map(x.min()) + x.map(x.max())) / 2, py + 30, label, "middle", 10, FONT_GREY, 0);
  }

  static void legend(Svg svg, double x0, double y, List<String> names, List<String> colors, double maxX) {
    double x = x0;
    for (int k = 0; k < names.size(); k++) {
      double w = 22 + 6.2 * names.get(k).length();
      if (x + w > maxX && x > x0) {
        x = x0;
        y += 13;
      }
      svg.rect(x, y - 8, 10, 10, colors.get(k), null, "");
      svg.text(x + 14, y + 1, names.get(k), "start", 10);
      x += w;
    }
  }
}
