package dev.compass.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.formulation.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 16, classes 3 and 4 through the command line: one exit-code contract, write failures that
 * name the option and the path, no output file after a failure, and time limits that mean something.
 */
class ExitCodesTest {
  @TempDir Path tmp;

  /** Files in the temporary folder (a failed command must leave none, not even a temporary file). */
  private long filesIn(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void helpPrintsTheExitCodeContract() {
    Cli.Result r = Cli.run("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("Exit codes:", "0   success", "1   unexpected (internal) error", "2   bad input",
        "3   no feasible plan", "4   no plan found within the limits", "leaves no output file");
  }

  @Test
  void outOntoADirectoryIsBadInputNamingOptionAndPath() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("d"));
    String err = Cli.run("partition", "--hw", "compass-s", "--model", "squeezenet1_0", "--out", dir.toString()).badInput().err();
    assertThat(err).isEqualTo("compass: --out: " + dir + ": cannot write: is a directory; give a file name\n");
    assertThat(filesIn(dir)).isZero();
  }

  @Test
  void outUnderAFileIsBadInputBeforeTheSolve() throws IOException {
    Path file = Files.writeString(tmp.resolve("f"), "x");
    Path out = file.resolve("plan.json");
    String err = Cli.run("partition", "--hw", "compass-s", "--model", "squeezenet1_0", "--out", out.toString()).badInput().err();
    assertThat(err).isEqualTo("compass: --out: " + out + ": cannot write: " + file + " is a file, not a folder\n");
    assertThat(err).doesNotContain("Exception").doesNotContain("java.");
    assertThat(filesIn(tmp)).isEqualTo(1);
  }

  @Test
  void aSecondOutputThatFailsLeavesNoFirstOutput() throws IOException {
    Path out = tmp.resolve("plan.json");
    Path dir = Files.createDirectory(tmp.resolve("trace"));
    String err = Cli.run("partition", "--hw", "compass-s", "--model", "squeezenet1_0", "--solver", "genetic", "--generations", "2",
        "--out", out.toString(), "--trace", dir.toString()).badInput().err();
    assertThat(err).isEqualTo("compass: --trace: " + dir + ": cannot write: is a directory; give a file name\n");
    assertThat(out).doesNotExist();
    assertThat(filesIn(tmp)).isZero();
  }

  @Test
  void bothOutputsAreWrittenWhenBothCanBe() throws IOException {
    Path out = tmp.resolve("plan.json");
    Path trace = tmp.resolve("trace.csv");
    Cli.Result r = Cli.run("partition", "--hw", "compass-s", "--model", "squeezenet1_0", "--solver", "genetic", "--generations", "2",
        "--quiet", "--out", out.toString(), "--trace", trace.toString()).ok();
    assertThat(r.out()).contains("wrote " + out, "wrote " + trace);
    assertThat(Files.readString(trace)).startsWith("generation,best,mean\n");
    // the result file is a plan that evaluate accepts
    Cli.run("evaluate", "--hw", "compass-s", "--model", "squeezenet1_0", "--plan", out.toString()).ok();
    assertThat(filesIn(tmp)).isEqualTo(2);
  }

  @Test
  void theSameFileForTwoOutputsIsBadInput() {
    Path out = tmp.resolve("both.json");
    String err = Cli.run("partition", "--hw", "compass-s", "--model", "squeezenet1_0", "--solver", "genetic", "--generations", "2",
        "--quiet", "--out", out.toString(), "--trace", out.toString()).badInput().err();
    assertThat(err).isEqualTo("compass: --trace: writes " + out + ", which --out writes too; give another file\n");
    assertThat(out).doesNotExist();
  }

  @Test
  void anUnwritableSimulatorTraceIsBadInput() throws IOException {
    Path plan = tmp.resolve("plan.json");
    Cli.run("partition", "--hw", "compass-s", "--model", "alexnet", "--out", plan.toString()).ok();
    Path dir = Files.createDirectory(tmp.resolve("t"));
    String err = Cli.run("simulate", "--hw", "compass-s", "--model", "alexnet", "--plan", plan.toString(), "--trace",
        dir.toString()).badInput().err();
    assertThat(err).isEqualTo("compass: --trace: " + dir + ": cannot write: is a directory; give a file name\n");
  }

  @Test
  void noPlanWithinTheLimitExitsFourWithALineAndNoFile() throws IOException {
    Path out = tmp.resolve("plan.json");
    Cli.Result r = Cli.run("partition", "--hw", "compass-s", "--model", "resnet18", "--solver", "cp", "--time-limit",
        "0.001", "--quiet", "--out", out.toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(Main.EXIT_NO_PLAN);
    assertThat(r.err()).startsWith("compass: resnet18 on compass-s: no plan found by solver cp within its limits (status")
        .endsWith("; no file written\n");
    assertThat(r.err().strip()).doesNotContain("\n");
    assertThat(out).doesNotExist();
    assertThat(filesIn(tmp)).isZero();
  }

  @Test
  void noPlanWithJsonStillPrintsTheResultButWritesNothing() throws IOException {
    Cli.Result r = Cli.run("partition", "--hw", "compass-s", "--model", "resnet18", "--solver", "cp", "--time-limit",
        "0.001", "--quiet", "--json");
    assertThat(r.exit()).isEqualTo(Main.EXIT_NO_PLAN);
    JsonNode doc = Json.parse(r.out(), "stdout");
    assertThat(doc.get("status").asText()).isEqualTo("TIMEOUT");
    assertThat(doc.has("partitions")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "0", "NaN", "nan", "Infinity", "-0", "1e400", "soon", ""})
  void meaninglessTimeLimitsAreRejected(String limit) {
    String err = Cli.run("partition", "--hw", "compass-s", "--model", "squeezenet1_0", "--time-limit", limit).badInput().err();
    assertThat(err).isEqualTo("compass: Invalid value for option '--time-limit': '" + limit + "' is not a time limit;"
        + " give a positive number of seconds (e.g. 60 or 0.5), or 'none' for no limit (see 'compass partition --help')\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "NONE", "0.5", "3"})
  void positiveLimitsAndNoneAreAccepted(String limit) {
    assertThat(new TimeLimit().convert(limit)).isEqualTo(limit.equalsIgnoreCase("none") ? 0.0 : Double.parseDouble(limit));
    Cli.run("partition", "--hw", "compass-s", "--model", "squeezenet1_0", "--time-limit", limit).ok();
  }

  @Test
  void compareRejectsTheSameTimeLimits() {
    assertThat(Cli.run("compare", "--models", "squeezenet1_0", "--hw", "compass-s", "--time-limit", "-1", "--out", tmp.toString())
        .badInput().err()).startsWith("compass: Invalid value for option '--time-limit': '-1' is not a time limit");
  }
}
