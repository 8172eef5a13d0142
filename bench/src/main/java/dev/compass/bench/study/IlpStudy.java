package dev.compass.bench.study;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.zoo.ModelZoo;
import dev.compass.solvers.PartitionSolver;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.Solvers;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The exact-solver study: solve time, status, bound and gap of every exact solver ({@code dp},
 * {@code lp-path}, {@code ilp-path}, {@code ilp-path-scip}, {@code ilp-compact}, {@code cp}, {@code cp-compact}; a name not registered is skipped)
 * over a grid of zoo models, hardware presets, one batch size and objectives. Prints a Markdown table
 * and writes a CSV file.
 *
 * <pre>
 *   java -cp bench/target/compass.jar dev.compass.bench.study.IlpStudy \
 *       [--models squeezenet1_0,resnet18,resnet50,vgg16] [--hw compass-s,compass-m,compass-l]
 *       [--batch 16] [--objectives latency,edp] [--solvers dp,lp-path,ilp-path,ilp-path-scip,ilp-compact,cp,cp-compact]
 *       [--time-limit 30] [--workers 1] [--seed 1] [--csv ilp-study.csv]
 * </pre>
 *
 * Each solver gets the time limit for one (model, hardware, objective) cell (all EDP subproblems
 * together). The gap is {@code (objective - bound) / objective}; {@code dp}'s bound is its optimum.
 */
public final class IlpStudy {
  private IlpStudy() {}

  /** One row of the study. */
  public record Row(String solver, String model, String hw, int batch, String objective, String status, double value,
      double bound, double gap, double seconds, double dpValue, double rootGap) {}

  public static void main(String[] args) throws IOException {
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
        case "--batch" -> batch = Integer.parseInt(v);
        case "--time-limit" -> limit = Double.parseDouble(v);
        case "--workers" -> workers = Integer.parseInt(v);
        case "--seed" -> seed = Long.parseLong(v);
        case "--csv" -> csv = Path.of(v);
        default -> throw new IllegalArgumentException("unknown option " + args[k] + "; see the class Javadoc");
      }
    }
    SolverOptions options = new SolverOptions(limit, workers, seed, SolverOptions.Progress.NONE);
    PrintStream out = System.out;
    out.println("| solver | model | hw | objective | status | value | bound | gap | root gap | seconds |");
    out.println("|---|---|---|---|---|---|---|---|---|---|");
    List<Row> rows = new ArrayList<>();
    for (String name : models) {
      Network net = ModelZoo.build(name);
      for (String hw : hws) {
        CostModel model = CostModel.of(net, HardwarePresets.get(hw), batch);
        for (String obj : objectives) {
          Objective o = Objective.parse(obj);
          double dpValue = Double.NaN;
          for (String s : solvers) {
            PartitionSolver solver = solver(s);
            if (solver == null) continue;
            SolverResult r = solver.solve(model, o, options);
            if (s.equals("dp")) dpValue = r.objectiveValue();
            Row row = new Row(s, name, hw, batch, o.toString(), r.status().name(), r.objectiveValue(), r.lowerBound(), r.gap(),
                r.solveSeconds(), dpValue, rootGap(r, dpValue));
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

  /** The registered solver of that name, or null (the study skips it). */
  static PartitionSolver solver(String name) {
    return Solvers.names().contains(name) ? Solvers.get(name) : null;
  }

  static String markdown(Row r) {
    return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %.1f |", r.solver(), r.model(), r.hw(), r.objective(),
        r.status(), num(r.value()), num(r.bound()), Double.isNaN(r.gap()) ? "-" : String.format(Locale.ROOT, "%.1e", r.gap()),
        Double.isNaN(r.rootGap()) ? "-" : String.format(Locale.ROOT, "%.1e", r.rootGap()), r.seconds());
  }

  private static String num(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "-" : String.format(Locale.ROOT, "%.6g", v);
  }
}
