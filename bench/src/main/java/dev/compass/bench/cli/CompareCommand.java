package dev.compass.bench.cli;

import static dev.compass.bench.html.ReportPage.f3;
import static dev.compass.bench.html.ReportPage.g;
import static dev.compass.bench.html.ReportPage.pct;

import dev.compass.bench.models.ModelResolver;
import dev.compass.bench.workbench.Cell;
import dev.compass.bench.workbench.Grid;
import dev.compass.bench.workbench.GridRunner;
import dev.compass.bench.workbench.Harness;
import dev.compass.bench.workbench.Instance;
import dev.compass.bench.workbench.InstanceSummary;
import dev.compass.bench.workbench.Outputs;
import dev.compass.bench.workbench.ProblemTexts;
import dev.compass.bench.workbench.Problems;
import dev.compass.bench.workbench.ProgressConsole;
import dev.compass.bench.workbench.Report;
import dev.compass.bench.workbench.ResultRow;
import dev.compass.bench.workbench.ResultsCsv;
import dev.compass.bench.workbench.ResultsJson;
import dev.compass.bench.workbench.Shard;
import dev.compass.bench.workbench.SimulatorHook;
import dev.compass.formulation.InputException;
import dev.compass.formulation.io.Json;
import dev.compass.formulation.plan.Objective;
import dev.compass.solvers.Solvers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code compass compare}: every solver on a grid of instances, with the comparison table on the
 * terminal and {@code results.csv}, {@code results.json} and {@code report.html} in {@code --out}.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run every solver on models x hardware x batch sizes x objectives and compare them: objective, latency, energy, "
        + "EDP, throughput, partitions, solve time, status, gap to the proven optimum, simulator deviation, roofline bound, and the "
        + "improvement over greedy and layerwise beside the COMPASS paper's figures.",
        "Writes results.csv, results.json and report.html (charts) into --out; each file is written whole or not at all."})
final class CompareCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin GridOptions grid;
  @Mixin RunOptions run;

  @Override
  public Integer call() {
    return execute(spec, grid.grid(List.of("16"), List.of("latency", "edp")), run, false);
  }

  /** The grid options of {@code compare} and {@code sweep}; each takes several values (repeat the option or use commas). */
  static final class GridOptions {
    static final List<String> DEFAULT_MODELS = List.of("resnet18", "squeezenet1_0", "vgg16");
    static final List<String> DEFAULT_HW = List.of("compass-s", "compass-m", "compass-l");

    @Option(names = {"--model", "--models"}, paramLabel = "M", split = ",", arity = "1..*",
        description = "Zoo models or network files (default: resnet18, squeezenet1_0, vgg16).")
    List<String> models = new ArrayList<>();

    @Option(names = "--hw", paramLabel = "H", split = ",", arity = "1..*",
        description = "Hardware presets or files (default: compass-s, compass-m, compass-l).")
    List<String> hardware = new ArrayList<>();

    @Option(names = {"--batch", "--batches"}, paramLabel = "B", split = ",", arity = "1..*",
        description = "Batch sizes (default: compare 16; sweep 1, 16, 64).")
    List<String> batches = new ArrayList<>();

    @Option(names = {"--objective", "--objectives"}, paramLabel = "O", split = ",", arity = "1..*",
        description = "latency, energy, edp, weighted:LAMBDA (default: compare latency, edp; sweep latency, energy, edp).")
    List<String> objectives = new ArrayList<>();

    @Option(names = "--solvers", paramLabel = "S", split = ",", arity = "1..*",
        description = "Solvers (default: every registered solver but brute).")
    List<String> solvers = new ArrayList<>();

    /** The grid, validated; empty dimensions take the defaults given (batches and objectives differ by command). */
    Grid grid(List<String> defaultBatches, List<String> defaultObjectives) {
      List<Integer> bs = new ArrayList<>();
      for (String b : batches.isEmpty() ? defaultBatches : batches) {
        int v;
        try {
          v = Integer.parseInt(b.trim());
        } catch (NumberFormatException e) {
          throw new InputException("--batch", "'" + b + "' is not an integer");
        }
        if (v < 1) throw new InputException("--batch", "must be >= 1, got " + v);
        if (!bs.contains(v)) bs.add(v);
      }
      List<String> objs = new ArrayList<>();
      for (String o : objectives.isEmpty() ? defaultObjectives : objectives) {
        String n = Objective.parse(o).toString();
        if (!objs.contains(n)) objs.add(n);
      }
      List<String> ss = solvers.isEmpty() ? Harness.defaultSolvers() : distinct(solvers);
      for (String s : ss) {
        if (!Solvers.names().contains(s)) {
          throw new InputException("--solvers", "unknown solver '" + s + "'; solvers: " + String.join(", ", Solvers.names()));
        }
      }
      return new Grid(models.isEmpty() ? DEFAULT_MODELS : distinct(models), hardware.isEmpty() ? DEFAULT_HW : distinct(hardware), bs, objs, ss);
    }

    private static List<String> distinct(List<String> xs) {
      return xs.stream().map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }
  }

  /** How the grid runs and where the outputs go. */
  static final class RunOptions {
    /**
     * Wall-clock seconds the default limits give the time-limited solvers that run to their limit (the compact models);
     * the path solvers and genetic, which end on their own, get a 10 s cap ({@link Harness#budgetedSolverLimits}).
     */
    static final double BUDGET_SECONDS = 3;

    @Option(names = "--time-limit", paramLabel = "S|none", converter = TimeLimit.class,
        description = "Per-solve limit for the time-limited solvers (ILP, CP, genetic): seconds > 0, or 'none'. Default: 10 s"
            + " for the path solvers (lp-path, ilp-path, ilp-path-scip, cp: they stop at their proof) and genetic (it ends after"
            + " its generations); the compact models share about 3 s of this machine's cores (between 0.5 and 10 s per solve).")
    Double timeLimit;

    @Mixin WorkLimits work = new WorkLimits();

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--workers", paramLabel = "K", defaultValue = "1", description = "Threads per ILP/CP solve (default: ${DEFAULT-VALUE}).")
    int workers = 1;

    @Option(names = "--threads", paramLabel = "N", description = "Solves at the same time (default: the number of cores).")
    Integer threads;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "compass-out", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("compass-out");

    @Option(names = "--json", description = "Print results.json on stdout instead of the tables (progress stays on stderr).")
    boolean json;

    @Option(names = "--quiet", description = "No progress on stderr.")
    boolean quiet;

    int threads() {
      int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
      if (t < 1) throw new InputException("--threads", "must be >= 1, got " + t);
      return t;
    }

    /** The per-solve limit given, or null for the default per-solver limits ({@link #solverLimits}). */
    Double timeLimit() {
      return timeLimit; // TimeLimit checked it: > 0, or 0 for 'none'
    }

    /** The default per-solver limits (no --time-limit): see {@link Harness#budgetedSolverLimits}. */
    Map<String, Double> solverLimits(Grid grid, int rows) {
      return Harness.budgetedSolverLimits(grid.solvers(), rows, threads(), BUDGET_SECONDS);
    }
  }

  /** "1.5 s", or per solver "10.0 s (genetic, lp-path, cp), 0.5 s (ilp-compact, cp-compact)" for the default limits. */
  static String limitText(double limit, Map<String, Double> perSolver) {
    if (perSolver.isEmpty()) return String.format(Locale.ROOT, "%.1f s", limit);
    Map<Double, List<String>> by = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
    perSolver.forEach((s, l) -> by.computeIfAbsent(l, k -> new ArrayList<>()).add(s));
    List<String> parts = new ArrayList<>();
    by.forEach((l, ss) -> parts.add(String.format(Locale.ROOT, "%.1f s (%s)", l, String.join(", ", ss))));
    return String.join(", ", parts);
  }

  /** The simulator plugged in through {@link ServiceLoader} (a {@link SimulatorHook} provider), or none. */
  static SimulatorHook simulator() {
    return SimulatorHook.loaded();
  }

  /** Runs a grid; {@code resume}: keep the rows of an existing results.csv and solve only the others, checkpointing after each row. */
  static int execute(CommandSpec spec, Grid grid, RunOptions run, boolean resume) {
    return execute(spec, grid, run, resume, Shard.ALL, null);
  }

  /**
   * As {@link #execute(CommandSpec, Grid, RunOptions, boolean)}, solving only {@code shard}'s cells
   * of the grid, on a Spark cluster at {@code sparkMaster} (null: on this machine's threads).
   */
  static int execute(CommandSpec spec, Grid grid, RunOptions run, boolean resume, Shard shard, String sparkMaster) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (java.nio.file.Files.exists(run.out) && !java.nio.file.Files.isDirectory(run.out)) {
      throw new InputException("--out", "'" + run.out + "' is a file; give a folder for results.csv, results.json and report.html");
    }
    Problems problems = new Problems(m -> ModelResolver.resolve(m, "--model"), h -> HardwareOption.resolve(h, "--hw"));
    for (String m : grid.models()) problems.network(m); // bad names are input errors before any solving
    for (String h : grid.hardware()) problems.hardware(h);

    GridRunner runner = sparkMaster == null ? null : GridRunner.find("spark").orElseThrow(() -> new InputException("--spark",
        "this compass jar has no Spark; run it from a checkout as ./compass sweep ... --spark " + sparkMaster
            + " (the script then builds and runs the Spark build, Maven profile spark), or spark-submit bench/spark/target/compass-spark.jar"
            + " (docs/workbench.md)"));

    List<ResultRow> previous = resume ? ResultsCsv.read(run.out.resolve(Outputs.CSV)) : List.of();
    Set<String> skip = new HashSet<>();
    for (ResultRow r : previous) skip.add(r.key());
    List<Cell> mine = shard.select(grid.cells());
    List<Cell> cells = mine.stream().filter(c -> !skip.contains(c.key())).toList();
    int todo = cells.size();
    Map<String, Double> perSolver = run.timeLimit() == null ? run.solverLimits(grid, todo) : Map.of();
    // the limit of the solvers without their own (FAST ones: unused) and the text that says what each solver gets
    double limit = run.timeLimit() != null ? run.timeLimit() : perSolver.values().stream().mapToDouble(Double::doubleValue).min().orElse(Harness.CAP);
    Harness.Settings settings = Harness.Settings.of(limit, run.workers, run.seed, run.threads()).withLimits(run.work.limits())
        .withSolverLimits(perSolver);
    String limitText = limitText(limit, perSolver);
    if (!run.quiet) {
      err.printf(Locale.ROOT, "%s: %d instances x %d solvers%s%s; %d solves %s, time limit %s%s per solve (%s)%n",
          spec.name(), grid.instances().size(), grid.solvers().size(),
          shard.equals(Shard.ALL) ? "" : ", shard " + shard + " (" + mine.size() + " cells)",
          resume ? ", " + (mine.size() - todo) + " rows already in " + run.out.resolve(Outputs.CSV) : "",
          todo, runner == null ? "on " + settings.threads() + " threads"
              : "as Spark tasks on " + (sparkMaster.equals("submit") ? "spark-submit's master" : sparkMaster), limitText,
          settings.limits().any() ? " and " + limitsText(settings.limits()) : "", String.join(", ", grid.solvers()));
      err.flush();
    }
    ProgressConsole console = new ProgressConsole(err, ProgressConsole.interactive(), run.quiet);
    List<ResultRow> done = new ArrayList<>(previous);
    Harness.Listener listener = console;
    if (resume) {
      listener = new Harness.Listener() {
        @Override
        public void finished(ResultRow row, int n, int total) {
          synchronized (done) {
            done.add(row);
            Outputs.writeCsv(run.out, done);
          }
          console.finished(row, n, total);
        }

        @Override
        public void progress(Instance instance, String solver, double best, double bound, double seconds) {
          console.progress(instance, solver, best, bound, seconds);
        }
      };
    }
    SimulatorHook simulator = simulator();
    long t0 = System.nanoTime();
    List<ResultRow> fresh = runner == null
        ? new Harness(problems, simulator, settings, listener).run(cells)
        : runner.run(sparkMaster, cells, ProblemTexts.of(problems, grid.models(), grid.hardware()), settings, listener);
    double secs = (System.nanoTime() - t0) / 1e9;
    List<ResultRow> all = new ArrayList<>(previous);
    all.addAll(fresh);

    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("command", "compass " + spec.name());
    meta.put("generated", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    meta.put("models", String.join(", ", grid.models()));
    meta.put("hardware", String.join(", ", grid.hardware()));
    meta.put("batches", String.join(", ", grid.batches().stream().map(String::valueOf).toList()));
    meta.put("objectives", String.join(", ", grid.objectives()));
    meta.put("solvers", String.join(", ", grid.solvers()));
    meta.put("timeLimitSeconds", perSolver.isEmpty() ? String.format(Locale.ROOT, "%.1f", limit) : limitText);
    if (settings.limits().any()) meta.put("deterministicLimits", limitsText(settings.limits()));
    if (!shard.equals(Shard.ALL)) meta.put("shard", shard.toString());
    if (runner == null) meta.put("threads", Integer.toString(settings.threads()));
    else meta.put("spark", sparkMaster);
    meta.put("seed", Long.toString(run.seed));
    meta.put("solveWallSeconds", String.format(Locale.ROOT, "%.1f", secs));
    meta.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
        + ", Java " + System.getProperty("java.version"));
    meta.put("simulator", simulator == SimulatorHook.NONE ? "none (simulator columns n/a)" : simulator.getClass().getName());
    meta.put("roofline", "T_lb = max(weightBytes/bwDram, rows*tRow/writePorts) + B*max(sum_s P_s*steps*tStep*a_s/A, sum_s attentionTime_s) (FORMULATION.md §8.12 v2, CostModel.rooflineSeconds)");
    return writeReport(out, Report.of(all, problems, meta), run.out, run.json,
        String.format(Locale.ROOT, "solved %d rows in %.1f s", fresh.size(), secs));
  }

  /**
   * Writes {@code report} into the folder {@code dir} (results.csv, results.json, report.html), then
   * prints results.json ({@code json}) or the tables and {@code done}{@code "; wrote FILES"}; exit 0.
   */
  static int writeReport(PrintWriter out, Report report, Path dir, boolean json, String done) {
    List<Path> files = Outputs.write(dir, report); // an unwritable folder is an InputException naming it
    if (json) {
      out.print(Json.toJson(ResultsJson.of(report)));
      out.flush();
      return 0;
    }
    printRows(out, report.rows());
    out.println();
    printSummaries(out, report.summaries());
    out.println();
    out.printf(Locale.ROOT, "%s; wrote %s%n", done, String.join(", ", files.stream().map(Path::toString).toList()));
    out.flush();
    return 0;
  }

  /** The deterministic limits set, e.g. "nodes 1000, fails 50". */
  static String limitsText(dev.compass.solvers.SolverOptions.Limits l) {
    List<String> parts = new ArrayList<>();
    if (l.deterministicSeconds() > 0) parts.add("deterministic time " + l.deterministicSeconds() + " s");
    if (l.nodes() > 0) parts.add("nodes " + l.nodes());
    if (l.fails() > 0) parts.add("fails " + l.fails());
    return String.join(", ", parts);
  }

  static void printRows(PrintWriter out, List<ResultRow> rows) {
    Table t = new Table("instance", "solver", "status", ">objective", ">latency s", ">energy J", ">EDP J*s", ">img/s", ">parts", ">solve s",
        ">gap", ">sim s", ">sim dev", ">roofline/T", "note");
    for (ResultRow r : rows) {
      t.row(r.instance().label(), r.solver(), r.status(), g(r.objectiveValue()), g(r.latencySeconds()), g(r.energyJoules()), g(r.edp()),
          g(r.throughput()), r.hasPlan() ? r.partitions() : "-", String.format(Locale.ROOT, "%.3f", r.solveSeconds()), pct(r.gap()),
          g(r.simLatencySeconds()), pct(r.simDeviation()), f3(r.rooflineFraction()), r.error().length() > 60 ? r.error().substring(0, 57) + "..." : r.error());
    }
    t.print(out);
  }

  static void printSummaries(PrintWriter out, List<InstanceSummary> ss) {
    out.println("improvement over the baselines (baseline objective / ours; objective latency: throughput ratio), paper in brackets:");
    Table t = new Table("instance", "optimum by", ">roofline s", ">roofline/T_opt", ">dp vs greedy", ">dp vs layerwise", ">GA vs greedy", ">GA vs layerwise");
    for (InstanceSummary s : ss) {
      t.row(s.instance().label(), s.optimumSolver().isEmpty() ? "none proven" : s.optimumSolver(), g(s.rooflineSeconds()), f3(s.rooflineFraction()),
          ratio(s, "dp", "greedy"), ratio(s, "dp", "layerwise"), ratio(s, "genetic", "greedy"), ratio(s, "genetic", "layerwise"));
    }
    t.print(out);
  }

  private static String ratio(InstanceSummary s, String solver, String baseline) {
    return s.ratio(solver, baseline).map(r -> String.format(Locale.ROOT, "%.2fx", r.ours())
        + (Double.isFinite(r.paper()) ? String.format(Locale.ROOT, " (%.2fx)", r.paper()) : "")).orElse("n/a");
  }
}
