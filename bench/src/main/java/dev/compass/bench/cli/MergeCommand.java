package dev.compass.bench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.bench.models.ModelResolver;
import dev.compass.bench.workbench.Cell;
import dev.compass.bench.workbench.Grid;
import dev.compass.bench.workbench.Outputs;
import dev.compass.bench.workbench.Problems;
import dev.compass.bench.workbench.Report;
import dev.compass.bench.workbench.ResultRow;
import dev.compass.bench.workbench.ResultsCsv;
import dev.compass.bench.workbench.Shard;
import dev.compass.formulation.InputException;
import dev.compass.formulation.io.Json;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code compass merge DIR...}: one report from the output folders of {@code compass sweep --shard K/N}
 * runs (or any sweeps of one grid). The rows of every {@code DIR/results.csv} are joined in grid
 * order; a cell found twice is an error (exit 2, naming both files); the grid's cells that no
 * folder has are listed on stderr and counted in {@code results.json}'s {@code run.missingCells}.
 * The grid is read from each folder's {@code results.json} ({@code run.models}, {@code hardware},
 * {@code batches}, {@code objectives}, {@code solvers}); the folders must agree on it.
 */
@Command(name = "merge", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Merge the output folders of sharded sweeps (sweep --shard K/N) into one results.csv, results.json and report.html.",
        "A cell present in two folders is an error; cells of the grid that no folder has are listed."})
final class MergeCommand implements Callable<Integer> {
  /** How many missing cells are listed one per line before the rest is counted. */
  static final int LIST_MISSING = 20;

  private static final List<String> GRID_FIELDS = List.of("models", "hardware", "batches", "objectives", "solvers");

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "DIR", description = "Output folders of the shards (each with results.csv and results.json).")
  List<Path> dirs = new ArrayList<>();

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "compass-out", description = "Output folder (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("compass-out");

  @Option(names = "--json", description = "Print results.json on stdout instead of the tables.")
  boolean json;

  @Option(names = "--quiet", description = "Nothing on stderr but errors (the missing cells are still counted in results.json).")
  boolean quiet;

  /** What one folder holds. */
  private record Source(Path dir, Path csv, List<ResultRow> rows, Map<String, String> run) {}

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter stdout = spec.commandLine().getOut();
    List<Source> sources = new ArrayList<>();
    for (Path d : dirs) {
      if (!Files.isDirectory(d)) throw new InputException(d.toString(), "is not a folder; give the --out folders of the sweeps to merge");
      Path csv = d.resolve(Outputs.CSV);
      if (!Files.isRegularFile(csv)) throw new InputException(csv.toString(), "is missing; is " + d + " the --out folder of a sweep?");
      try {
        if (Files.isSameFile(d, out)) throw new InputException("--out", "'" + out + "' is one of the folders to merge; give a new folder");
      } catch (java.io.IOException e) {
        // --out does not exist yet: it cannot be the same
      }
      sources.add(new Source(d, csv, ResultsCsv.read(csv), runOf(d.resolve(Outputs.JSON))));
    }

    // the grid: every folder that names one must name the same
    Map<String, String> grid = null;
    Path gridFrom = null;
    for (Source s : sources) {
      if (!s.run().keySet().containsAll(GRID_FIELDS)) continue;
      if (grid == null) {
        grid = new LinkedHashMap<>();
        for (String f : GRID_FIELDS) grid.put(f, s.run().get(f));
        gridFrom = s.dir();
        continue;
      }
      for (String f : GRID_FIELDS) {
        if (!grid.get(f).equals(s.run().get(f))) {
          throw new InputException(s.dir().resolve(Outputs.JSON).toString(), "run." + f + " is '" + s.run().get(f) + "' but " + gridFrom.resolve(Outputs.JSON)
              + " has '" + grid.get(f) + "'; merge only the shards of one grid");
        }
      }
    }
    TreeSet<Integer> shardsGiven = new TreeSet<>();
    Integer shardCount = null;
    for (Source s : sources) {
      String sh = s.run().get("shard");
      if (sh == null) continue;
      Shard parsed = Shard.parse(sh, s.dir().resolve(Outputs.JSON) + ": run.shard");
      if (shardCount != null && shardCount != parsed.n()) {
        throw new InputException(s.dir().resolve(Outputs.JSON).toString(), "run.shard is " + parsed + " but another folder is a shard of " + shardCount
            + "; merge shards of one split");
      }
      shardCount = parsed.n();
      shardsGiven.add(parsed.k());
    }

    // rows, each cell once
    Map<String, ResultRow> byKey = new LinkedHashMap<>();
    Map<String, Path> from = new LinkedHashMap<>();
    for (Source s : sources) {
      for (ResultRow r : s.rows()) {
        Path before = from.putIfAbsent(r.key(), s.csv());
        if (before != null) {
          throw new InputException(s.csv().toString(), "has the cell " + r.instance().label() + " " + r.solver() + " that "
              + (before.equals(s.csv()) ? "it already has on another line" : before + " has too") + "; every cell must come from one shard");
        }
        byKey.put(r.key(), r);
      }
    }
    List<ResultRow> rows = new ArrayList<>();
    List<Cell> missing = new ArrayList<>();
    int gridSize = 0;
    if (grid != null) {
      List<Cell> cells = gridOf(grid, gridFrom).cells();
      gridSize = cells.size();
      for (Cell c : cells) {
        ResultRow r = byKey.remove(c.key());
        if (r == null) missing.add(c);
        else rows.add(r);
      }
    }
    rows.addAll(byKey.values()); // rows outside the grid (e.g. kept from another grid in a resumed folder), in input order

    if (!quiet && !missing.isEmpty()) {
      String shardNote = "";
      if (shardCount != null) {
        List<Integer> absent = new ArrayList<>();
        for (int k = 1; k <= shardCount; k++) if (!shardsGiven.contains(k)) absent.add(k);
        if (!absent.isEmpty()) {
          int n = shardCount;
          shardNote = "; shards not given: " + String.join(", ", absent.stream().map(k -> k + "/" + n).toList());
        }
      }
      err.printf(Locale.ROOT, "merge: %d of %d cells of the grid are missing%s:%n", missing.size(), gridSize, shardNote);
      for (int k = 0; k < Math.min(LIST_MISSING, missing.size()); k++) err.println("  missing " + missing.get(k).label());
      if (missing.size() > LIST_MISSING) err.printf(Locale.ROOT, "  ... and %d more%n", missing.size() - LIST_MISSING);
      err.flush();
    }

    Problems problems = new Problems(m -> ModelResolver.resolve(m, "model"), h -> HardwareOption.resolve(h, "hardware"));
    Map<String, String> meta = new LinkedHashMap<>(sources.get(0).run());
    meta.remove("shard");
    meta.remove("solveWallSeconds");
    meta.put("command", "compass merge");
    meta.put("generated", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    meta.put("merged", String.join(", ", sources.stream().map(s -> s.dir().toString()).toList()));
    if (shardCount != null) {
      int n = shardCount;
      meta.put("shards", String.join(", ", shardsGiven.stream().map(k -> k + "/" + n).toList()));
    }
    meta.put("missingCells", Integer.toString(missing.size()));
    return CompareCommand.writeReport(stdout, Report.of(rows, problems, meta), out, json, String.format(Locale.ROOT,
        "merged %d rows from %d folders%s", rows.size(), sources.size(), missing.isEmpty() ? "" : ", " + missing.size() + " cells missing"));
  }

  /** {@code results.json}'s {@code run} object as strings; empty if the file is missing. */
  private static Map<String, String> runOf(Path file) {
    Map<String, String> run = new LinkedHashMap<>();
    if (!Files.isRegularFile(file)) return run;
    JsonNode root = Json.parse(Json.readText(file), file.toString());
    JsonNode r = root.get("run");
    if (r == null || !r.isObject()) throw new InputException(file.toString(), "has no 'run' object; is it a compass results.json?");
    r.fields().forEachRemaining(e -> run.put(e.getKey(), e.getValue().asText()));
    return run;
  }

  private static Grid gridOf(Map<String, String> g, Path dir) {
    String where = dir.resolve(Outputs.JSON) + ": run.batches";
    List<Integer> batches = new ArrayList<>();
    for (String b : split(g.get("batches"))) {
      try {
        batches.add(Integer.parseInt(b));
      } catch (NumberFormatException e) {
        throw new InputException(where, "has '" + b + "', not a batch size");
      }
    }
    try {
      return new Grid(split(g.get("models")), split(g.get("hardware")), batches, split(g.get("objectives")), split(g.get("solvers")));
    } catch (IllegalArgumentException e) {
      throw new InputException(dir.resolve(Outputs.JSON).toString(), "run does not describe a grid: " + e.getMessage());
    }
  }

  private static List<String> split(String s) {
    return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
  }
}
