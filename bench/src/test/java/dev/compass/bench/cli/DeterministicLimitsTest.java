package dev.compass.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.formulation.io.Json;
import dev.compass.solvers.SolverOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 16 item 6: {@code --deterministic-time}, {@code --node-limit} and {@code --fail-limit} on the command line,
 * checked like {@code --time-limit}, and a seeded solve stopped by one of them reproduces.
 */
class DeterministicLimitsTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--deterministic-time|-1|deterministic time", "--deterministic-time|0|deterministic time",
      "--deterministic-time|NaN|deterministic time", "--deterministic-time|Infinity|deterministic time",
      "--deterministic-time|soon|deterministic time",
      "--node-limit|-5|count", "--node-limit|0|count", "--node-limit|1.5|count", "--node-limit|NaN|count",
      "--node-limit|many|count", "--node-limit|99999999999999999999|count",
      "--fail-limit|-1|count", "--fail-limit|0|count", "--fail-limit|ten|count"})
  void meaninglessLimitsAreRejectedNamingTheOptionAndValue(String option, String value, String what) {
    String err = Cli.run("partition", "--hw", "compass-s", "--model", "squeezenet1_0", "--solver", "cp-compact", option, value)
        .badInput().err();
    assertThat(err).startsWith("compass: Invalid value for option '" + option + "': '" + value + "' is not a " + what + ";")
        .contains("leave the option out for no limit");
  }

  @Test
  void compareAndSweepRejectThemToo() {
    assertThat(Cli.run("compare", "--models", "squeezenet1_0", "--hw", "compass-s", "--node-limit", "-1", "--out", tmp.toString())
        .badInput().err()).startsWith("compass: Invalid value for option '--node-limit': '-1' is not a count;");
    assertThat(Cli.run("sweep", "--models", "squeezenet1_0", "--hw", "compass-s", "--deterministic-time", "NaN", "--out",
        tmp.toString()).badInput().err()).startsWith("compass: Invalid value for option '--deterministic-time': 'NaN' is not a");
  }

  @Test
  void givenLimitsBecomeSolverOptionsLimits() {
    WorkLimits w = new WorkLimits();
    assertThat(w.limits()).isEqualTo(SolverOptions.Limits.NONE);
    w.deterministicTime = new WorkLimits.DeterministicTime().convert("2.5");
    w.nodeLimit = new WorkLimits.Count().convert("1e3");
    w.failLimit = new WorkLimits.Count().convert("40");
    assertThat(w.limits()).isEqualTo(new SolverOptions.Limits(2.5, 1000, 40));
  }

  /** cp-compact stopped by 1,000 nodes on squeezenet1_0/compass-s (far from its optimum): the same plan twice. */
  @Test
  void aSeededSolveStoppedByANodeLimitReproduces() {
    String[] args = {"partition", "--hw", "compass-s", "--model", "squeezenet1_0", "--solver", "cp-compact", "--seed", "7",
        "--node-limit", "1000", "--time-limit", "none", "--quiet", "--json"};
    JsonNode a = Json.parse(Cli.run(args).ok().out(), "first run");
    JsonNode b = Json.parse(Cli.run(args).ok().out(), "second run");
    assertThat(a.get("status").asText()).as("the limit binds: no proof").isEqualTo("FEASIBLE");
    assertThat(a.get("statistics").get("nodes").asLong()).isEqualTo(1000);
    assertThat(b.get("status").asText()).isEqualTo("FEASIBLE");
    assertThat(b.get("objectiveValue").asDouble()).isEqualTo(a.get("objectiveValue").asDouble());
    assertThat(b.get("partitions")).isEqualTo(a.get("partitions"));
    assertThat(b.get("statistics").get("solutions")).isEqualTo(a.get("statistics").get("solutions"));
    // the optimum is well below: the run was stopped before the proof, not by it
    double optimum = Json.parse(Cli.run("partition", "--hw", "compass-s", "--model", "squeezenet1_0", "--quiet", "--json").ok().out(),
        "dp").get("objectiveValue").asDouble();
    assertThat(a.get("objectiveValue").asDouble()).isGreaterThan(optimum * 1.01);
  }

  /** compare solves through the workbench (Harness): its cells get the same limits, so the same plan as partition. */
  @Test
  void compareCellsGetTheLimits() {
    JsonNode p = Json.parse(Cli.run("partition", "--hw", "compass-s", "--model", "squeezenet1_0", "--solver", "cp-compact",
        "--node-limit", "1000", "--time-limit", "none", "--quiet", "--json").ok().out(), "partition");
    Cli.Result c = Cli.run("compare", "--models", "squeezenet1_0", "--hw", "compass-s", "--batch", "16", "--objective", "latency",
        "--solvers", "cp-compact", "--node-limit", "1000", "--time-limit", "none", "--quiet", "--json", "--out", tmp.toString());
    assertThat(c.exit()).as(c.err()).isZero();
    JsonNode doc = Json.parse(c.out(), "compare");
    JsonNode row = doc.get("rows").get(0);
    assertThat(row.get("status").asText()).isEqualTo("FEASIBLE");
    assertThat(row.get("objectiveValue").asDouble()).isEqualTo(p.get("objectiveValue").asDouble());
    assertThat(row.get("partitions").asInt()).isEqualTo(p.get("partitionCount").asInt());
    assertThat(doc.get("run").toString()).contains("nodes 1000");
  }
}
