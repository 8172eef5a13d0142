package dev.compass.bench.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.bench.cli.Main;
import dev.compass.bench.models.ModelResolver;
import dev.compass.bench.workbench.Cell;
import dev.compass.bench.workbench.Grid;
import dev.compass.bench.workbench.Harness;
import dev.compass.bench.workbench.ProblemTexts;
import dev.compass.bench.workbench.Problems;
import dev.compass.bench.workbench.ResultRow;
import dev.compass.bench.workbench.ResultsCsv;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.io.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compass sweep --spark local[2]} against the local sweep, in Spark's local mode (the
 * executors run in this JVM): the same rows, the same values for the deterministic solvers, resume,
 * and a task that fails for good becoming an ERROR row without ending the run.
 */
class SparkSweepTest {
  record Run(int exit, String out, String err) {}

  static Run compass(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** squeezenet1_0 on two chips, B16, two objectives: the polynomial solvers and the seeded genetic solver (which stops on its own well within 60 s). */
  static String[] heuristics(Path out, String... more) {
    List<String> a = new ArrayList<>(List.of("sweep", "--model", "squeezenet1_0", "--hw", "compass-s,compass-m", "--batch", "16",
        "--objective", "latency,edp", "--solvers", "dp,greedy,layerwise,genetic", "--seed", "7", "--time-limit", "60", "--out", out.toString()));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  /** The exact path ILP with one worker on the latency instances, where it proves the optimum in about a second. */
  static String[] exact(Path out, String... more) {
    List<String> a = new ArrayList<>(List.of("sweep", "--model", "squeezenet1_0", "--hw", "compass-s,compass-m", "--batch", "16",
        "--objective", "latency", "--solvers", "ilp-path", "--workers", "1", "--time-limit", "60", "--quiet", "--out", out.toString()));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  @Test
  void sparkLocalModeGivesTheLocalSweepsValues(@TempDir Path dir) throws Exception {
    Path local = dir.resolve("local");
    Path spark = dir.resolve("spark");
    Run l1 = compass(heuristics(local, "--quiet"));
    assertThat(l1.exit()).as(l1.err()).isZero();
    assertThat(compass(exact(local)).exit()).isZero();
    Run s1 = compass(heuristics(spark, "--spark", "local[2]"));
    assertThat(s1.exit()).as(s1.err()).isZero();
    assertThat(s1.err()).contains("16 solves as Spark tasks on local[2]").contains("[16/16]");
    Run s2 = compass(exact(spark, "--spark", "local[2]"));
    assertThat(s2.exit()).as(s2.err()).isZero();

    List<ResultRow> lr = ResultsCsv.read(local.resolve("results.csv"));
    List<ResultRow> sr = ResultsCsv.read(spark.resolve("results.csv"));
    assertThat(sr).hasSize(18);
    assertThat(sr).extracting(ResultRow::key).containsExactlyElementsOf(lr.stream().map(ResultRow::key).toList());
    for (int k = 0; k < lr.size(); k++) {
      ResultRow a = lr.get(k);
      ResultRow b = sr.get(k);
      String what = a.instance().label() + " " + a.solver();
      assertThat(b.error()).as(what).isEmpty();
      if (a.solver().equals("ilp-path")) {
        assertThat(a.status()).as(what).isEqualTo("OPTIMAL");
        assertThat(b.status()).as(what).isEqualTo("OPTIMAL");
        assertThat(b.objectiveValue()).as(what).isEqualTo(a.objectiveValue());
        continue;
      }
      // deterministic: the very same plan, hence the very same numbers (the genetic solver's whole trace too)
      assertThat(b.status()).as(what).isEqualTo(a.status());
      assertThat(b.objectiveValue()).as(what).isEqualTo(a.objectiveValue());
      assertThat(b.latencySeconds()).as(what).isEqualTo(a.latencySeconds());
      assertThat(b.energyJoules()).as(what).isEqualTo(a.energyJoules());
      assertThat(b.plan()).as(what).isEqualTo(a.plan());
      assertThat(b.trace()).as(what).isEqualTo(a.trace());
      assertThat(b.simLatencySeconds()).as(what).isEqualTo(a.simLatencySeconds());
      assertThat(b.gap()).as(what).isEqualTo(a.gap());
    }
    assertThat(sr.stream().filter(r -> r.solver().equals("genetic")).map(ResultRow::trace)).allSatisfy(t -> assertThat(t).isNotEmpty());
    JsonNode run = Json.MAPPER.readTree(spark.resolve("results.json").toFile()).get("run");
    assertThat(run.get("spark").asText()).isEqualTo("local[2]");
    assertThat(Files.readString(spark.resolve("report.html"))).contains("squeezenet1_0");
    // the executor (this JVM, in local mode) loaded OR-Tools' native libraries once for its ILP tasks
    assertThat(CellTask.nativeLoads()).isEqualTo(1);

    // resume: nothing left to solve; a deleted line is solved again, as a Spark task
    Run again = compass(heuristics(spark, "--spark", "local[2]"));
    assertThat(again.err()).contains("16 rows already in").contains("0 solves");
    assertThat(ResultsCsv.read(spark.resolve("results.csv"))).isEqualTo(sr);
    List<String> lines = new ArrayList<>(Files.readAllLines(spark.resolve("results.csv")));
    lines.removeIf(line -> line.startsWith("squeezenet1_0,compass-m,16,edp,dp,"));
    Files.write(spark.resolve("results.csv"), lines);
    Run third = compass(heuristics(spark, "--spark", "local[2]"));
    assertThat(third.err()).contains("1 solves as Spark tasks").contains("[1/1] squeezenet1_0/compass-m/B16/edp dp OPTIMAL");
    List<ResultRow> after = ResultsCsv.read(spark.resolve("results.csv"));
    assertThat(after).hasSize(18);
    ResultRow redone = after.stream().filter(r -> r.key().equals("squeezenet1_0|compass-m|16|edp|dp")).findFirst().orElseThrow();
    assertThat(redone.objectiveValue()).isEqualTo(lr.stream().filter(r -> r.key().equals(redone.key())).findFirst().orElseThrow().objectiveValue());
  }

  @Test
  void aTaskThatFailsForGoodBecomesAnErrorRowAndTheOthersStillRun() {
    Problems problems = new Problems(ModelResolver::resolve, HardwarePresets::get);
    Grid grid = new Grid(List.of("squeezenet1_0"), List.of("compass-s", "compass-m"), List.of(16), List.of("latency"),
        List.of("dp", "greedy", "layerwise"));
    List<Cell> cells = grid.cells();
    ProblemTexts texts = ProblemTexts.of(problems, grid.models(), grid.hardware());
    // the executors' work, except that the greedy cell on compass-m throws outside the harness (a task failure, as a crash would be)
    CellTask.Solve failing = (spec, job) -> {
      if (spec.solver().equals("greedy") && spec.hardware().equals("compass-m")) throw new IllegalStateException("boom on purpose");
      return CellTask.solve(spec, job);
    };
    List<String> heard = new ArrayList<>();
    Harness.Listener listener = new Harness.Listener() {
      @Override
      public void finished(ResultRow row, int done, int total) {
        heard.add(done + "/" + total + " " + row.solver() + " " + row.status());
      }
    };
    List<ResultRow> rows = new SparkGridRunner(failing).run("local[2]", cells, texts, Harness.Settings.of(30, 1, 1, 1), listener);

    assertThat(rows).hasSize(6);
    assertThat(rows).extracting(ResultRow::key).containsExactlyElementsOf(cells.stream().map(Cell::key).toList());
    ResultRow failed = rows.get(4);
    assertThat(failed.solver()).isEqualTo("greedy");
    assertThat(failed.instance().hardware()).isEqualTo("compass-m");
    assertThat(failed.status()).isEqualTo(ResultRow.ERROR);
    assertThat(failed.error()).startsWith("Spark task failed: ").contains("boom on purpose");
    // the five other cells have the rows a local harness gives them
    List<ResultRow> reference = new Harness(problems, dev.compass.bench.workbench.SimulatorHook.loaded(), Harness.Settings.of(30, 1, 1, 1),
        Harness.Listener.NONE).run(cells);
    for (int k : List.of(0, 1, 2, 3, 5)) {
      assertThat(rows.get(k).status()).isEqualTo(reference.get(k).status());
      assertThat(rows.get(k).objectiveValue()).isEqualTo(reference.get(k).objectiveValue());
      assertThat(rows.get(k).plan()).isEqualTo(reference.get(k).plan());
    }
    // every row was reported once, counting up to 6
    assertThat(heard).hasSize(6);
    for (int k = 0; k < 6; k++) assertThat(heard.get(k)).startsWith((k + 1) + "/6 ");
    assertThat(heard).filteredOn(h -> h.endsWith("greedy ERROR")).hasSize(1);
  }

  @Test
  void aJobCarriesThePerSolverTimeLimitsToTheExecutors() throws Exception {
    // compare's defaults without --time-limit: capped path solvers, a shared limit for the compact models
    Harness.Settings local = Harness.Settings.of(10, 1, 1, 2).withSolverLimits(java.util.Map.of("cp", 10.0, "ilp-compact", 0.5));
    CellTask.Job job = CellTask.Job.of("j", new ProblemTexts(java.util.Map.of(), java.util.Map.of()), local);
    // Spark ships the job to the executors by Java serialization
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream o = new java.io.ObjectOutputStream(bytes)) {
      o.writeObject(job);
    }
    CellTask.Job shipped;
    try (java.io.ObjectInputStream i = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      shipped = (CellTask.Job) i.readObject();
    }
    Harness.Settings remote = shipped.settings();
    assertThat(remote.timeLimitSeconds("ilp-compact")).isEqualTo(0.5);
    assertThat(remote.timeLimitSeconds("cp")).isEqualTo(10.0);
    assertThat(remote.timeLimitSeconds("genetic")).isEqualTo(10.0);
    assertThat(remote.abandonAfterSeconds()).isEqualTo(local.abandonAfterSeconds());
    assertThat(remote.solverLimits()).isEqualTo(local.solverLimits());
  }

  @Test
  void submitWithoutSparkSubmitIsAnInputError(@TempDir Path dir) {
    Run r = compass(heuristics(dir, "--spark", "submit", "--quiet"));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("compass: --spark: 'submit' takes the master from spark-submit's --master").doesNotContain("Exception");
    assertThat(dir.resolve("results.csv")).doesNotExist();
    assertThat(Set.of(r.err().strip().split("\n"))).hasSize(1);
  }

  @Test
  void aMasterSparkCannotUseIsAnInputError(@TempDir Path dir) {
    Run r = compass(heuristics(dir, "--spark", "nonsense[2]", "--quiet"));
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("compass: --spark: Spark could not start with master 'nonsense[2]': ").contains("masters: local[N]")
        .doesNotContain("\tat ");
    assertThat(dir.resolve("results.csv")).doesNotExist();
  }
}
