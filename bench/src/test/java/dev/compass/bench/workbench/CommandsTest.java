package dev.compass.bench.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.bench.cli.Main;
import dev.compass.formulation.io.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandsTest {
  record Run(int exit, String out, String err) {}

  static Run compass(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  static String[] tiny(Path out, String cmd, String... more) {
    List<String> a = new ArrayList<>(List.of(cmd, "--model", "squeezenet1_0", "--hw", "compass-s", "--batch", "16", "--objective", "latency",
        "--solvers", "dp,greedy,layerwise", "--out", out.toString()));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  @Test
  void compareWritesTheTablesAndTheFourOutputs(@TempDir Path dir) {
    Run r = compass(tiny(dir, "compare", "--quiet"));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).contains("squeezenet1_0/compass-s/B16/latency").contains("OPTIMAL").contains("(2.24x)")
        .contains("results.csv").contains("report.html");
    for (String f : List.of("results.csv", "results.json", "report.html")) assertThat(dir.resolve(f)).isRegularFile();
    assertThat(ResultsCsv.read(dir.resolve("results.csv"))).hasSize(3);
  }

  @Test
  void jsonOutputStaysCleanWhileProgressGoesToStderr(@TempDir Path dir) throws Exception {
    Run r = compass(tiny(dir, "compare", "--json"));
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode doc = Json.MAPPER.readTree(r.out());
    assertThat(doc.get("rows")).hasSize(3);
    assertThat(r.err()).contains("[3/3]");
    Run quiet = compass(tiny(dir, "compare", "--json", "--quiet"));
    assertThat(quiet.err()).isEmpty();
    assertThat(Json.MAPPER.readTree(quiet.out()).get("rows")).hasSize(3);
  }

  @Test
  void sweepResumesFromTheRowsInTheCsv(@TempDir Path dir) throws Exception {
    Run first = compass(tiny(dir, "sweep"));
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.err()).contains("3 solves").contains("[3/3]");
    Path csv = dir.resolve("results.csv");
    List<ResultRow> rows = ResultsCsv.read(csv);
    assertThat(rows).extracting(ResultRow::solver).containsExactly("dp", "greedy", "layerwise");

    Run again = compass(tiny(dir, "sweep"));
    assertThat(again.exit()).isZero();
    assertThat(again.err()).contains("3 rows already in").contains("0 solves");
    assertThat(ResultsCsv.read(csv)).isEqualTo(rows);

    // drop the greedy line: only greedy is solved again
    List<String> lines = new ArrayList<>(Files.readAllLines(csv));
    lines.removeIf(l -> l.contains(",greedy,"));
    Files.write(csv, lines);
    Run third = compass(tiny(dir, "sweep"));
    assertThat(third.err()).contains("1 solves").contains("greedy").doesNotContain("dp OPTIMAL");
    assertThat(ResultsCsv.read(csv)).extracting(ResultRow::solver).containsExactlyInAnyOrder("dp", "greedy", "layerwise");

    // a wider grid keeps the old rows and adds the new
    Run wider = compass(tiny(dir, "sweep", "--objective", "latency,energy"));
    assertThat(wider.err()).contains("3 solves");
    assertThat(ResultsCsv.read(csv)).hasSize(6);

    // a cell edited by hand: the resume names the line, the column and the cell, exit 2, the file untouched
    List<String> edited = new ArrayList<>(Files.readAllLines(csv));
    String[] cells = edited.get(2).split(",", -1);
    cells[6] = "abc"; // objectiveValue
    edited.set(2, String.join(",", cells));
    Files.write(csv, edited);
    Run bad = compass(tiny(dir, "sweep"));
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err().strip()).isEqualTo("compass: " + csv + ":3: column objectiveValue: must be a number or n/a, got \"abc\"");
    assertThat(Files.readAllLines(csv)).isEqualTo(edited);
  }

  @Test
  void badInputIsOneLineAndExit2(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("CommandsTest.java.file"), "not a folder");
    for (String[] args : List.of(tiny(dir, "compare", "--model", "nosuch"), tiny(dir, "compare", "--solvers", "dp,nosuch"),
        tiny(dir, "compare", "--batch", "0"), tiny(dir.resolve("CommandsTest.java.file"), "compare"), tiny(dir, "compare", "--objective", "speed"), tiny(dir, "sweep", "--time-limit", "-1"))) {
      Run r = compass(args);
      assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
      assertThat(r.err().strip()).startsWith("compass: ").doesNotContain("\n");
      assertThat(r.out()).isEmpty();
    }
  }
}
