package dev.compass.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.formulation.io.Json;
import dev.compass.pimsim.program.Program;
import dev.compass.pimsim.program.ProgramJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compass compile} and {@code compass simulate} end to end on resnet18 / compass-m with the
 * greedy plan written by {@code compass partition --out}. The cost model's numbers come from
 * {@code compass evaluate --json} on the same plan file (an independent command), never from the
 * simulate command itself.
 */
class SimulateCommandTest {
  @TempDir static Path tmp;
  static Path plan;
  static JsonNode evaluated;

  @BeforeAll
  static void writePlan() throws IOException {
    plan = tmp.resolve("plan.json");
    Cli.run("partition", "--model", "resnet18", "--hw", "compass-m", "--batch", "4", "--solver", "greedy", "--quiet",
        "--out", plan.toString()).ok();
    evaluated = Json.MAPPER.readTree(Cli.run("evaluate", "--model", "resnet18", "--hw", "compass-m", "--batch", "4",
        "--plan", plan.toString(), "--json").ok().out());
  }

  private static JsonNode simulateJson(String... extra) throws IOException {
    String[] args = {"simulate", "--model", "resnet18", "--hw", "compass-m", "--batch", "4", "--plan", plan.toString(), "--json"};
    String[] all = new String[args.length + extra.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(extra, 0, all, args.length, extra.length);
    return Json.MAPPER.readTree(Cli.run(all).ok().out());
  }

  @Test
  void jsonUsesEvaluatesFieldNamesAndAgreesWithTheCostModel() throws IOException {
    JsonNode sim = simulateJson();
    for (String f : new String[] {"latencySeconds", "energyJoules", "dynamicEnergyJoules", "throughput", "partitions", "batch"}) {
      assertThat(sim.has(f)).as(f).isTrue();
      assertThat(evaluated.has(f)).as("evaluate has " + f).isTrue();
    }
    assertThat(sim.get("batch").asInt()).isEqualTo(4);
    int parts = evaluated.get("partitions").size();
    assertThat(sim.get("partitions")).hasSize(parts);
    for (int k = 0; k < parts; k++) {
      JsonNode s = sim.get("partitions").get(k);
      JsonNode e = evaluated.get("partitions").get(k);
      assertThat(s.get("firstUnit").asInt()).isEqualTo(e.get("firstUnit").asInt());
      assertThat(s.get("lastUnit").asInt()).isEqualTo(e.get("lastUnit").asInt());
      // the same counts: bytes and rows equal exactly (up to summation order)
      assertThat(s.get("weightBytes").asDouble()).isCloseTo(e.get("weightBytes").asDouble(), within(1e-9 * e.get("weightBytes").asDouble()));
      assertThat(s.get("ioBytes").asDouble()).isCloseTo(e.get("ioBytes").asDouble(), within(1e-9 * e.get("ioBytes").asDouble() + 1e-9));
      assertThat(s.get("rowsWritten").asLong()).isEqualTo(e.get("rowsWritten").asLong());
    }
    // dynamic energy equal (1e-9 relative: summation order); latency within the suite's 10%
    double dyn = evaluated.get("dynamicEnergyJoules").asDouble();
    assertThat(sim.get("dynamicEnergyJoules").asDouble()).isCloseTo(dyn, within(1e-9 * dyn));
    double lat = evaluated.get("latencySeconds").asDouble();
    assertThat(sim.get("latencySeconds").asDouble()).isBetween(0.9 * lat, 1.1 * lat);
    // the comparison block carries evaluate's numbers and the deviation between the two
    assertThat(sim.get("costModel").get("latencySeconds").asDouble()).isCloseTo(lat, within(1e-12 * lat));
    assertThat(sim.get("latencyDeviation").asDouble())
        .isCloseTo(sim.get("latencySeconds").asDouble() / lat - 1, within(1e-12));
    // the lower bound on any execution: per partition, the simulator never below it, and they add up
    JsonNode sb = sim.get("scheduleBound");
    assertThat(sb.get("partitions")).hasSize(parts);
    double sum = 0;
    for (int k = 0; k < parts; k++) {
      JsonNode b = sb.get("partitions").get(k);
      assertThat(sim.get("partitions").get(k).get("latencySeconds").asDouble()).isGreaterThanOrEqualTo(b.get("latencySeconds").asDouble() * (1 - 1e-9));
      assertThat(b.get("latencySeconds").asDouble()).isCloseTo(b.get("weightSeconds").asDouble() + b.get("computeSeconds").asDouble(), within(1e-15));
      assertThat(b.get("binding").asText()).isIn("PIPELINE", "LOADS_BEFORE_COMPUTE", "DRAM", "VECTOR_UNIT");
      sum += b.get("latencySeconds").asDouble();
    }
    assertThat(sb.get("latencySeconds").asDouble()).isCloseTo(sum, within(1e-9 * sum));
    assertThat(sb.get("modelDeviation").asDouble()).isCloseTo(sum / lat - 1, within(1e-9));
    // static energy follows the simulator's own latency: pStatic(compass-m) = 0.0512 W
    double stat = sim.get("energy").get("static").asDouble();
    assertThat(stat).isCloseTo(0.0512 * sim.get("latencySeconds").asDouble(), within(1e-9 * stat));
    assertThat(sim.get("energyJoules").asDouble()).isCloseTo(sim.get("dynamicEnergyJoules").asDouble() + stat, within(1e-9 * stat));
  }

  @Test
  void textShowsTheSummaryAndOneRowPerPartitionBesideTheModel() {
    String out = Cli.run("simulate", "--model", "resnet18", "--hw", "compass-m", "--batch", "4", "--plan", plan.toString()).ok().out();
    assertThat(out).startsWith("resnet18 on compass-m, batch 4, " + evaluated.get("partitions").size() + " partitions: simulated (");
    assertThat(out).contains("simulator", "cost model", "deviation", "latency s", "dynamic energy J", "static energy J",
        "lower bound on any execution", "bound s", "binding");
    // dynamic energy: the deviation column shows +0.00% or -0.00%
    String dynLine = out.lines().filter(l -> l.startsWith("dynamic energy J")).findFirst().orElseThrow();
    assertThat(dynLine).matches(".*[+-]0\\.00%$");
    long rows = out.lines().filter(l -> l.matches("\\s*\\d+\\s+\\d+\\.\\.\\d+\\s.*")).count();
    assertThat(rows).isEqualTo(evaluated.get("partitions").size());
  }

  @Test
  void traceIsChromeTraceEventsWithATrackPerCoreAndDram() throws IOException {
    Path trace = tmp.resolve("trace.json");
    String out = Cli.run("simulate", "--model", "resnet18", "--hw", "compass-m", "--batch", "4", "--plan", plan.toString(),
        "--trace", trace.toString()).ok().out();
    assertThat(out).contains("wrote " + trace);
    JsonNode t = Json.MAPPER.readTree(Files.readString(trace));
    Set<String> tracks = new HashSet<>();
    Set<String> cats = new HashSet<>();
    for (JsonNode e : t.get("traceEvents")) {
      if (e.get("ph").asText().equals("M") && e.get("name").asText().equals("thread_name")) tracks.add(e.get("args").get("name").asText());
      if (e.get("ph").asText().equals("X")) {
        cats.add(e.get("cat").asText());
        assertThat(e.get("dur").asDouble()).isGreaterThanOrEqualTo(0);
      }
    }
    // compass-m has 32 cores
    for (int c = 0; c < 32; c++) assertThat(tracks).contains("core " + c);
    assertThat(tracks).contains("DRAM");
    assertThat(cats).contains("weights", "write", "mvm", "load", "store");
  }

  @Test
  void compileWritesAProgramThatReadsBack() throws IOException {
    Path prog = tmp.resolve("program.json");
    String out = Cli.run("compile", "--model", "resnet18", "--hw", "compass-m", "--plan", plan.toString(), "--out", prog.toString()).ok().out();
    assertThat(out).contains("wrote " + prog).contains(evaluated.get("partitions").size() + " partitions");
    Program p = ProgramJson.read(Files.readString(prog), prog.toString());
    assertThat(p.partitions()).hasSize(evaluated.get("partitions").size());
    assertThat(p.hardware().name()).isEqualTo("compass-m");
    // without --out the program goes to stdout, the same text
    String printed = Cli.run("compile", "--model", "resnet18", "--hw", "compass-m", "--plan", plan.toString()).ok().out();
    assertThat(printed).isEqualTo(Files.readString(prog));
  }

  @Test
  void anInfeasiblePlanIsRejectedWithTheReasonAndThePlanFile() throws IOException {
    // resnet18 as one partition: far more arrays than compass-m's 32 x 8 = 256
    Path bad = tmp.resolve("whole.json");
    int lastUnit = evaluated.get("partitions").get(evaluated.get("partitions").size() - 1).get("lastUnit").asInt();
    Files.writeString(bad, "{\"partitions\": [{\"firstUnit\": 0, \"lastUnit\": " + lastUnit + "}]}");
    for (String cmd : new String[] {"simulate", "compile"}) {
      String err = Cli.run(cmd, "--model", "resnet18", "--hw", "compass-m", "--plan", bad.toString()).badInput().err();
      assertThat(err).as(cmd).startsWith("compass: " + bad + ": plan.partitions[0]: does not fit compass-m")
          .contains("A = 256");
    }
    // a plan that leaves units out
    Path gap = tmp.resolve("gap.json");
    Files.writeString(gap, "{\"partitions\": [{\"firstUnit\": 0, \"lastUnit\": 0}]}");
    String err = Cli.run("simulate", "--model", "resnet18", "--hw", "compass-m", "--plan", gap.toString()).badInput().err();
    assertThat(err).startsWith("compass: " + gap + ": ").contains("units");
  }

  @Test
  void badOptionsAreBadInput() {
    assertThat(Cli.run("simulate", "--plan", plan.toString(), "--batch", "0").badInput().err()).contains("--batch");
    assertThat(Cli.run("simulate", "--plan", plan.toString(), "--segments", "0").badInput().err()).contains("--segments");
    assertThat(Cli.run("simulate", "--plan", tmp.resolve("missing.json").toString()).badInput().err()).contains("missing.json");
  }
}
