package dev.compass.bench.workbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PlanCost;
import dev.compass.formulation.InputException;
import dev.compass.formulation.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFilesTest {
  static Problems problems;
  static List<ResultRow> rows;
  static Report report;

  @BeforeAll
  static void solve() {
    problems = Fixtures.problems();
    rows = Fixtures.solve(problems, "latency");
    report = Report.of(rows, problems, Map.of("command", "test"));
  }

  @Test
  void planCodecRoundTripsThePlans() {
    CostModel m = problems.model("squeezenet1_0", "compass-s", 16);
    for (ResultRow r : rows) {
      PlanCost c = m.evaluate(PlanCodec.decode(m, r.plan()));
      assertThat(c.latencySeconds()).isEqualTo(r.latencySeconds());
      assertThat(c.energyJoules()).isEqualTo(r.energyJoules());
      assertThat(PlanCodec.encode(m, c)).isEqualTo(r.plan());
    }
    assertThatThrownBy(() -> PlanCodec.decode(m, "0-3")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PlanCodec.decode(m, "0-" + m.units() + ":1")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void csvRoundTripsRowsIncludingQuotesCommasAndNaN() {
    List<ResultRow> all = new ArrayList<>(report.rows());
    all.add(new ResultRow(new Instance("m,odd", "hw \"x\"", 4, "weighted:0.5"), "genetic", "ERROR", Double.NaN, Double.NaN, Double.NaN,
        Double.NaN, Double.NaN, 0, 1.5, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 1e-3, Double.NaN, "", List.of(3.0, 2.0, 1.5),
        "IllegalStateException: a, b and \"c\""));
    String text = ResultsCsv.format(all);
    assertThat(text.lines().count()).isEqualTo(1 + all.size());
    assertThat(text.lines().findFirst().orElseThrow()).isEqualTo(String.join(",", ResultsCsv.COLUMNS));
    assertThat(text).contains("n/a");
    assertThat(ResultsCsv.parse(text, "results.csv")).isEqualTo(all);
  }

  @Test
  void csvOfAnotherKindIsRejectedNamingTheFile() {
    assertThatThrownBy(() -> ResultsCsv.parse("a,b\n1,2\n", "x.csv")).isInstanceOf(InputException.class).hasMessageContaining("x.csv");
    String good = ResultsCsv.format(rows);
    String truncated = good.substring(0, good.length() - 40);
    assertThatThrownBy(() -> ResultsCsv.parse(truncated + "\n", "cut.csv")).isInstanceOf(InputException.class).hasMessageContaining("cut.csv");
  }

  @Test
  void writesAllThreeFiles(@TempDir Path dir) throws Exception {
    List<Path> files = Outputs.write(dir.resolve("out"), report);
    assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("results.csv", "results.json", "report.html");
    assertThat(ResultsCsv.read(dir.resolve("out/results.csv"))).isEqualTo(report.rows());
    JsonNode json = Json.MAPPER.readTree(Files.readString(dir.resolve("out/results.json")));
    assertThat(json.get("rows")).hasSize(3);
    JsonNode dp = json.get("rows").get(0);
    for (String f : ResultsCsv.COLUMNS) assertThat(dp.has(f)).as("rows[0]." + f).isTrue();
    assertThat(dp.get("gap").asDouble()).isZero();
    assertThat(dp.get("simLatencySeconds").isNull()).isTrue();
    JsonNode inst = json.get("instances").get(0);
    assertThat(inst.get("optimumSolver").asText()).isEqualTo("dp");
    assertThat(inst.get("ratios")).hasSize(2);
    assertThat(inst.get("ratios").get(0).get("ours").asDouble()).isEqualTo(rows.get(1).objectiveValue() / rows.get(0).objectiveValue());
    assertThat(json.get("pareto").get(0).get("points").size()).isGreaterThan(2);
    assertThat(json.get("paper").get("throughputVsGreedy").get("squeezenet1_0").asDouble()).isEqualTo(2.24);
    try (Stream<Path> s = Files.list(dir.resolve("out"))) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("results.csv", "results.json", "report.html");
    }
  }

  @Test
  void aFailedWriteLeavesNoPartialFile(@TempDir Path dir) throws Exception {
    // results.csv is a non-empty folder: moving the staged csv onto it fails before anything is replaced
    Path out = dir.resolve("out");
    Files.createDirectories(out.resolve("results.csv"));
    Files.writeString(out.resolve("results.csv/keep"), "x");
    assertThatThrownBy(() -> Outputs.write(out, report)).isInstanceOf(dev.compass.formulation.InputException.class);
    try (Stream<Path> s = Files.list(out)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("results.csv");
    }
    // the output folder is a file: nothing can be staged, nothing is left behind
    Path file = dir.resolve("plain");
    Files.writeString(file, "old");
    assertThatThrownBy(() -> Outputs.write(file, report)).isInstanceOf(dev.compass.formulation.InputException.class);
    assertThat(Files.readString(file)).isEqualTo("old");
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("out", "plain");
    }
  }
}
