package dev.compass.bench.study;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.zoo.ModelZoo;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.Solvers;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The exact-solver study: solve time, status, bound and gap of every exact solver ({@code dp},
 * {@code lp-path}, {@code ilp-path}, {@code ilp-path-scip}, {@code ilp-compact}, {@code cp}, {@code cp-compact}; a name not registered is skipped)
 * over a grid of zoo models, hardware presets, one batch size and objectives.
 *
 * <pre>
 *   compass study ilp   (or java -cp bench/target/compass.jar dev.compass.bench.study.IlpStudy) \
 *       [--models squeezenet1_0,resnet18,resnet50,vgg16] [--hw compass-s,compass-m,compass-l]
 *       [--batch 16] [--objectives latency,edp] [--solvers dp,lp-path,ilp-path,ilp-path-scip,ilp-compact,cp,cp-compact]
 *       [--time-limit 30] [--workers 1] [--seed 1] [--csv ilp-study.csv]
 * </pre>
 *
 * Each solver gets the time limit for one instance, a (model, hardware, objective) cell (all EDP subproblems
 * together). The gap is {@code (objective - bound) / objective} ({@link SolverResult#gap()}); {@code dp}'s bound is
 * its optimum. The output, in this order:
 * <ol>
 *   <li>one Markdown row per (solver, instance) as it is solved (status, value, bound, gap, root gap, seconds);
 *   <li>the CSV file (one line per row, columns {@code solver,model,hw,batch,objective,status,value,bound,gap,seconds,
 *       dp_value,root_gap}, values to 6 significant digits) and a line naming it;
 *   <li>the README's table ({@link #instanceTable}): one row per instance (model, chip, objective; the chip column is
 *       left out when the grid has one chip), one column per solver in {@code --solvers} order, each cell
 *       {@link #cell} (e.g. {@code opt root 2e-16 0.4s}, {@code feas gap 70% root 8.3% 10.0s});
 *   <li>{@code Proven optimal: dp 24/24, lp-path 24/24, ...}: per solver, its OPTIMAL rows over the instances
 *       ({@link #provenLine});
 *   <li>the self-check ({@link #check}) against {@code dp}'s optimum, within the relative tolerance
 *       {@link #TOLERANCE} or a row's own stated one when looser: {@code check: N optimal values equal dp's, M bounds
 *       <= dp's optimum, K other plans >= dp's optimum, 0 violations (...)}, or that line with the count and one
 *       {@code violation:} line per violation.
 * </ol>
 * A violation makes {@link #run} return 1 (the {@code compass study ilp} exit code), after the CSV and the tables are
 * written, so a study run cannot silently publish a wrong answer; the CSV stays as the evidence.
 */
public final class IlpStudy {
  /**
   * The self-check's least relative tolerance, {@code 1e-6}: the loosest formulation tolerance of the registered exact
   * solvers for an additive objective (the compact MILP's and {@code cp}'s root proof; CP-SAT and {@code cp-compact}
   * prove to 1e-9, GLOP to 1e-8, SCIP's path model to 1e-7). A row whose result states a looser one (statistic
   * {@code tolerance}: an EDP result states three times its formulation's, 3e-6 for {@code cp} and the compact MILP)
   * is checked at its own. A solver that proves {@code (value - bound) <= tol * value} with {@code bound <= optimum}
   * reports a value with {@code value - optimum <= tol * value}, so values are compared relative to the larger of the
   * two.
   */
  public static final double TOLERANCE = 1e-6;

  private IlpStudy() {}

  /**
   * One row of the study; {@code tolerance} is the relative tolerance the result states (statistic {@code tolerance};
   * NaN when it states none).
   */
  public record Row(String solver, String model, String hw, int batch, String objective, String status, double value,
      double bound, double gap, double seconds, double dpValue, double rootGap, double tolerance) {}

  /**
   * The outcome of {@link #check}: the counts of passed comparisons and one line per violation.
   *
   * @param optimalEqual OPTIMAL values of other solvers that equal {@code dp}'s optimum
   * @param boundsBelow finite bounds of other solvers that are at most {@code dp}'s optimum
   * @param plansAbove values of other solvers' non-OPTIMAL plans that are at least {@code dp}'s optimum
   * @param unchecked instances without an OPTIMAL {@code dp} row (nothing to compare with)
   * @param violations one line per violation: instance, solver, what was compared, value and {@code dp}'s optimum
   */
  public record Check(int optimalEqual, int boundsBelow, int plansAbove, int unchecked, List<String> violations) {
    public Check {
      violations = List.copyOf(violations);
    }

    /** The lines printed under the tables: the summary, then each violation. */
    public List<String> lines() {
      List<String> lines = new ArrayList<>();
      lines.add(String.format(Locale.ROOT, "check: %d optimal values equal dp's, %d bounds <= dp's optimum, %d other plans >= dp's optimum, "
          + "%d violations (relative tolerance %.0e, or the row's stated one if looser%s)", optimalEqual, boundsBelow, plansAbove,
          violations.size(), TOLERANCE,
          unchecked == 0 ? "" : "; " + unchecked + " instances without an OPTIMAL dp row not checked"));
      violations.forEach(v -> lines.add("violation: " + v));
      return lines;
    }
  }

  /** Runs the study, printing to {@code System.out}; exits with {@link #run}'s code when it is not 0. */
  public static void main(String[] args) throws IOException {
    int code = run(args, System.out);
    if (code != 0) System.exit(code);
  }

  /**
   * Runs the study with the options of the class Javadoc, printing to {@code out} and writing the CSV.
   *
   * @return 0, or 1 when the self-check found a violation (printed, after the CSV and the tables)
   * @throws IllegalArgumentException on an unknown option or a malformed number
   */
  public static int run(String[] args, PrintStream out) throws IOException {
    List<String> models = List.of("squeezenet1_0", "resnet18", "resnet50", "vgg16");
    List<String> hws = List.of("compass-s", "compass-m", "compass-l");
    List<String> objectives = List.of("latency", "edp");
    List<String> solvers = new ArrayList<>(List.of("dp", "lp-path", "ilp-path", "ilp-path-scip", "ilp-compact", "cp", "cp-compact"));
    int batch = 16;
    double limit = 30;
    int workers = 1;
    long seed = 1;
    Path csv = Path.of("ilp-study.csv");
    for (int k = 0; k < args.length; k += 2) {
      String v = k + 1 < args.length ? args[k + 1] : "";
      switch (args[k]) {
        case "--models" -> models = List.of(v.split(","));
        case "--hw" -> hws = List.of(v.split(","));
        case "--objectives" -> objectives = List.of(v.split(","));
        case "--solvers" -> solvers = new ArrayList<>(List.of(v.split(",")));
        case "--batch" -> batch = StudyArgs.positiveInt(args[k], v);
        case "--time-limit" -> limit = StudyArgs.number(args[k], v);
        case "--workers" -> workers = StudyArgs.positiveInt(args[k], v);
        case "--seed" -> seed = StudyArgs.integer(args[k], v);
        case "--csv" -> csv = Path.of(v);
        default -> throw new IllegalArgumentException("unknown option " + args[k] + "; see the class Javadoc");
      }
    }
    // everything is checked before the first solve: a typo must not cost a study's time, nor silently drop a column
    for (String s : solvers) {
      if (!Solvers.names().contains(s)) {
        throw new IllegalArgumentException("--solvers: unknown solver '" + s + "'; valid: " + String.join(", ", Solvers.names()));
      }
    }
    if (!(limit > 0) || Double.isInfinite(limit)) throw new IllegalArgumentException("--time-limit: must be a finite number of seconds > 0, got " + limit);
    Map<String, Network> networks = new LinkedHashMap<>();
    for (String name : models) networks.put(name, ModelZoo.build(name));
    Map<String, HardwareSpec> chips = new LinkedHashMap<>();
    for (String hw : hws) chips.put(hw, HardwarePresets.get(hw));
    List<Objective> parsed = new ArrayList<>();
    for (String obj : objectives) parsed.add(Objective.parse(obj));
    SolverOptions options = new SolverOptions(limit, workers, seed, SolverOptions.Progress.NONE);
    out.println("| solver | model | hw | objective | status | value | bound | gap | root gap | seconds |");
    out.println("|---|---|---|---|---|---|---|---|---|---|");
    List<Row> rows = new ArrayList<>();
    for (String name : models) {
      Network net = networks.get(name);
      for (String hw : hws) {
        CostModel model = CostModel.of(net, chips.get(hw), batch);
        for (Objective o : parsed) {
          double dpValue = Double.NaN;
          for (String s : solvers) {
            SolverResult r = Solvers.get(s).solve(model, o, options);
            if (s.equals("dp")) dpValue = r.objectiveValue();
            Row row = new Row(s, name, hw, batch, o.toString(), r.status().name(), r.objectiveValue(), r.lowerBound(), r.gap(),
                r.solveSeconds(), dpValue, rootGap(r, dpValue), statedTolerance(r));
            rows.add(row);
            out.println(markdown(row));
            out.flush();
          }
        }
      }
    }
    List<String> lines = new ArrayList<>();
    lines.add("solver,model,hw,batch,objective,status,value,bound,gap,seconds,dp_value,root_gap");
    for (Row r : rows) {
      lines.add(String.join(",", r.solver(), r.model(), r.hw(), Integer.toString(r.batch()), r.objective(), r.status(),
          num(r.value()), num(r.bound()), num(r.gap()), String.format(Locale.ROOT, "%.3f", r.seconds()), num(r.dpValue()), num(r.rootGap())));
    }
    Files.write(csv, lines, StandardCharsets.UTF_8);
    out.println();
    out.println("CSV: " + csv.toAbsolutePath() + " (" + rows.size() + " rows; " + Runtime.getRuntime().availableProcessors()
        + " cores, time limit " + limit + " s, workers " + workers + ", seed " + seed + ", args " + Arrays.toString(args) + ")");
    out.println();
    instanceTable(solvers, rows).forEach(out::println);
    out.println();
    out.println(provenLine(solvers, rows));
    out.println();
    Check check = check(rows);
    check.lines().forEach(out::println);
    out.flush();
    return check.violations().isEmpty() ? 0 : 1;
  }

  /**
   * The root gap {@code (optimum - rootBound) / optimum} of an additive objective: how far the formulation's root
   * relaxation (statistic {@code rootBound}: the LP for the path models, costRegular's root shortest path for
   * {@code cp}, the root propagation for {@code cp-compact}, GLOP on the integrality-relaxed compact MILP for
   * {@code ilp-compact}) is below the optimum ({@code dp}'s value). NaN when the
   * solver reports no root bound, or for EDP (many weighted solves, no single root).
   */
  static double rootGap(SolverResult r, double optimum) {
    Object b = r.statistics().get("rootBound");
    if (!(b instanceof Number n) || !r.objective().additive() || !(optimum > 0)) return Double.NaN;
    return Math.max(0, (optimum - n.doubleValue()) / optimum);
  }

  /** The relative tolerance {@code r} states (statistic {@code tolerance}), NaN when none. */
  static double statedTolerance(SolverResult r) {
    return r.statistics().get("tolerance") instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  static String markdown(Row r) {
    return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %.1f |", r.solver(), r.model(), r.hw(), r.objective(),
        r.status(), num(r.value()), num(r.bound()), Double.isNaN(r.gap()) ? "-" : String.format(Locale.ROOT, "%.1e", r.gap()),
        Double.isNaN(r.rootGap()) ? "-" : String.format(Locale.ROOT, "%.1e", r.rootGap()), r.seconds());
  }

  /** An instance of the grid: the rows of all solvers for it share these fields. */
  private record Instance(String model, String hw, int batch, String objective) {
    static Instance of(Row r) {
      return new Instance(r.model(), r.hw(), r.batch(), r.objective());
    }

    @Override
    public String toString() {
      return model + " " + hw + " batch " + batch + " " + objective;
    }
  }

  /** The rows grouped by instance, instances in the order of their first row, each map keyed by solver. */
  private static Map<Instance, Map<String, Row>> byInstance(List<Row> rows) {
    Map<Instance, Map<String, Row>> m = new LinkedHashMap<>();
    for (Row r : rows) m.computeIfAbsent(Instance.of(r), k -> new LinkedHashMap<>()).put(r.solver(), r);
    return m;
  }

  /** The solvers of {@code order} that have a row (a name not registered has none), in that order. */
  private static List<String> columns(List<String> order, List<Row> rows) {
    Set<String> present = new HashSet<>();
    rows.forEach(r -> present.add(r.solver()));
    return order.stream().filter(present::contains).distinct().toList();
  }

  /**
   * The README's table: a header {@code | model | chip | objective | SOLVER... |}, a {@code | --- |...} line, then one
   * line per instance (in the order of the rows) with one {@link #cell} per solver of {@code solvers} that has rows,
   * in that order ({@code -} where a solver has no row for the instance). The chip column is left out when all rows
   * are on one chip (as in the README's transformer table).
   */
  static List<String> instanceTable(List<String> solvers, List<Row> rows) {
    List<String> cols = columns(solvers, rows);
    boolean chip = rows.stream().map(Row::hw).distinct().count() > 1;
    List<String> head = new ArrayList<>(chip ? List.of("model", "chip", "objective") : List.of("model", "objective"));
    head.addAll(cols);
    List<String> lines = new ArrayList<>();
    lines.add("| " + String.join(" | ", head) + " |");
    lines.add("|" + " --- |".repeat(head.size()));
    for (Map.Entry<Instance, Map<String, Row>> e : byInstance(rows).entrySet()) {
      Instance i = e.getKey();
      List<String> cells = new ArrayList<>(chip ? List.of(i.model(), i.hw(), i.objective()) : List.of(i.model(), i.objective()));
      for (String s : cols) {
        Row r = e.getValue().get(s);
        cells.add(r == null ? "-" : cell(r));
      }
      lines.add("| " + String.join(" | ", cells) + " |");
    }
    return lines;
  }

  /**
   * One cell of the README's table, words separated by one space:
   * <ol>
   *   <li>the status in short form ({@link #statusWord}: {@code opt}, {@code feas}, {@code timeout}, {@code infeasible});
   *   <li>{@code gap G} when the row is not OPTIMAL and has a gap (a plan and a finite bound), {@code G} =
   *       {@link #fraction}{@code (gap)}; an OPTIMAL row's gap is within its solver's tolerance and not shown;
   *   <li>{@code root R} when the row has a root gap ({@link #rootGap}: additive objectives, solvers that report a
   *       root bound), {@code R} = {@link #fraction}{@code (rootGap)};
   *   <li>the wall time in seconds with one decimal and the unit, {@code N.Ns}.
   * </ol>
   * E.g. {@code opt 0.0s}, {@code opt root 2e-16 0.4s}, {@code feas gap 70% root 8.3% 10.0s}, {@code feas 6.9s} (no
   * bound), {@code timeout root 21% 10.1s} (no plan).
   */
  static String cell(Row r) {
    StringBuilder s = new StringBuilder(statusWord(r.status()));
    if (!r.status().equals("OPTIMAL") && Double.isFinite(r.gap())) s.append(" gap ").append(fraction(r.gap()));
    if (Double.isFinite(r.rootGap())) s.append(" root ").append(fraction(r.rootGap()));
    return s.append(String.format(Locale.ROOT, " %.1fs", r.seconds())).toString();
  }

  /** The short form of a {@code Status} name: {@code opt}, {@code feas}, else the name in lower case. */
  static String statusWord(String status) {
    return switch (status) {
      case "OPTIMAL" -> "opt";
      case "FEASIBLE" -> "feas";
      default -> status.toLowerCase(Locale.ROOT);
    };
  }

  /**
   * A relative gap {@code x} (a fraction, 0.083 = 8.3%) as the README writes it: {@code 0} for zero; for
   * {@code 0 < x < 1e-3} one significant digit in Java's {@code %.0e} form ({@code 2e-16}, {@code 8e-07},
   * {@code 1e-05}); for {@code x >= 1e-3} the percentage rounded half up to 2 significant digits, trailing zeros
   * dropped ({@code 0.24%}, {@code 8.3%}, {@code 7%}, {@code 14%}, {@code 100%}). A negative {@code x} gets a
   * minus sign in front of the form of {@code -x}.
   */
  static String fraction(double x) {
    if (x == 0) return "0";
    if (x < 0) return "-" + fraction(-x);
    if (x < 1e-3) return String.format(Locale.ROOT, "%.0e", x);
    BigDecimal percent = new BigDecimal(x).movePointRight(2).round(new MathContext(2, RoundingMode.HALF_UP));
    return percent.stripTrailingZeros().toPlainString() + "%";
  }

  /**
   * {@code Proven optimal: dp 24/24, lp-path 24/24, ....}: for each solver of {@code solvers} that has rows, in that
   * order, its OPTIMAL rows over the number of instances in {@code rows}.
   */
  static String provenLine(List<String> solvers, List<Row> rows) {
    int instances = byInstance(rows).size();
    List<String> parts = new ArrayList<>();
    for (String s : columns(solvers, rows)) {
      long proven = rows.stream().filter(r -> r.solver().equals(s) && r.status().equals("OPTIMAL")).count();
      parts.add(s + " " + proven + "/" + instances);
    }
    return "Proven optimal: " + String.join(", ", parts) + ".";
  }

  /**
   * The self-check against {@code dp}'s proven optimum {@code D} of each instance (instances whose {@code dp} row is
   * not OPTIMAL, or that have none, are counted as unchecked). For every other solver's row, with {@code tol} =
   * {@link #TOLERANCE}, or the row's stated {@link Row#tolerance()} when that is looser:
   * <ul>
   *   <li>an OPTIMAL value {@code v} must equal {@code D}: {@code |v - D| <= tol * max(|v|, |D|)};
   *   <li>a finite bound {@code b} must be at most the optimum: {@code b <= D + tol * |D|};
   *   <li>a non-OPTIMAL plan's value {@code v} (when there is one) cannot beat the optimum: {@code v >= D - tol * |D|}.
   * </ul>
   * Each failure is one violation naming the instance, the solver, the compared value and {@code D}.
   */
  static Check check(List<Row> rows) {
    int equal = 0;
    int below = 0;
    int above = 0;
    int unchecked = 0;
    List<String> violations = new ArrayList<>();
    for (Map.Entry<Instance, Map<String, Row>> e : byInstance(rows).entrySet()) {
      Row dp = e.getValue().get("dp");
      if (dp == null || !dp.status().equals("OPTIMAL") || !Double.isFinite(dp.value())) {
        unchecked++;
        continue;
      }
      double d = dp.value();
      for (Row r : e.getValue().values()) {
        if (r == dp) continue;
        String where = e.getKey() + ": " + r.solver() + " ";
        double tol = r.tolerance() > TOLERANCE ? r.tolerance() : TOLERANCE;
        if (r.status().equals("OPTIMAL")) {
          if (Math.abs(r.value() - d) <= tol * Math.max(Math.abs(r.value()), Math.abs(d))) equal++;
          else violations.add(where + "OPTIMAL value " + exact(r.value()) + " != dp's optimum " + exact(d)
              + " (relative difference " + String.format(Locale.ROOT, "%.1e", Math.abs(r.value() - d) / Math.abs(d)) + ")");
        } else if (Double.isFinite(r.value())) {
          if (r.value() >= d - tol * Math.abs(d)) above++;
          else violations.add(where + r.status() + " plan value " + exact(r.value()) + " < dp's optimum " + exact(d));
        }
        if (Double.isFinite(r.bound())) {
          if (r.bound() <= d + tol * Math.abs(d)) below++;
          else violations.add(where + "bound " + exact(r.bound()) + " > dp's optimum " + exact(d));
        }
      }
    }
    return new Check(equal, below, above, unchecked, violations);
  }

  /** A value with enough digits to see a relative difference of {@link #TOLERANCE}. */
  private static String exact(double v) {
    return String.format(Locale.ROOT, "%.9g", v);
  }

  private static String num(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "-" : String.format(Locale.ROOT, "%.6g", v);
  }
}
