package dev.compass.pimsim;

import static dev.compass.pimsim.Fixtures.chip;
import static dev.compass.pimsim.Fixtures.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.formulation.InputException;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.io.Json;
import dev.compass.pimsim.program.Program;
import dev.compass.pimsim.program.ProgramJson;
import dev.compass.pimsim.sim.SimResult;
import dev.compass.pimsim.trace.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Program, result and trace JSON. */
class JsonTest {

  private static Program program() {
    return PimSim.compile(Fixtures.branches(), chip(Allocation.ARRAY), single(4, "conv1", 2));
  }

  @Test
  void programRoundTripsAndReadsLikeThePlan() {
    Program p = program();
    String text = PimSim.toJson(p);
    assertThat(ProgramJson.read(text, "program.json")).isEqualTo(p);
    JsonNode n = Json.parse(text, "program.json");
    JsonNode part = n.get("partitions").get(0);
    // names a person can follow: stages and tensors by name, slots by core and array
    assertThat(n.get("network").asText()).isEqualTo("branches");
    assertThat(part.get("stages").get(0).get("name").asText()).isEqualTo("conv1");
    assertThat(part.get("stages").get(0).get("replicas")).hasSize(2);
    assertThat(part.get("stages").get(0).get("replicas").get(1).get("arrays").get(0).get("slot").get("core").asInt())
        .isZero();
    assertThat(part.get("stages").get(3).get("after")).extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("conv1", "conv2a", "conv2b");
    assertThat(part.get("loads").get(0).get("transfer").get("tensor").asText()).isEqualTo("x");
    assertThat(part.get("weightReads").get(0).get("writes")).hasSize(2);
    assertThat(text).contains("\n  \"hardware\" : {");
  }

  @Test
  void malformedProgramIsAnInputError() {
    assertThatThrownBy(() -> ProgramJson.read("{\"network\": 3}", "p.json"))
        .isInstanceOf(InputException.class).hasMessageStartingWith("p.json: ");
  }

  @Test
  void resultUsesEvaluatesFieldNames() {
    SimResult r = PimSim.simulate(program(), 2);
    JsonNode n = Json.parse(PimSim.toJson(r), "result");
    for (String f : List.of("latencySeconds", "energyJoules", "dynamicEnergyJoules", "energy", "arrayUtilization",
        "weightBytes", "ioBytes", "dramBytes", "partitions")) {
      assertThat(n.has(f)).as(f).isTrue();
    }
    JsonNode p = n.get("partitions").get(0);
    for (String f : List.of("firstUnit", "lastUnit", "latencySeconds", "energyJoules", "writeSeconds", "computeSeconds",
        "weightBytes", "ioBytes", "rowsWritten")) {
      assertThat(p.has(f)).as(f).isTrue();
    }
    assertThat(n.get("latencySeconds").asDouble()).isEqualTo(r.latencySeconds());
    assertThat(n.get("energy").get("static").asDouble()).isEqualTo(r.energy().staticEnergy());
    assertThat(p.get("rowsWritten").asLong()).isEqualTo(r.partitions().get(0).rowsWritten());
  }

  @Test
  void traceParsesWithOneTrackPerCoreAndDram(@TempDir Path dir) throws Exception {
    Trace t = new Trace();
    SimResult r = PimSim.simulate(program(), 2, t);
    Path file = dir.resolve("trace.json");
    t.write(file);
    JsonNode root = Json.parse(Files.readString(file), "trace.json");
    Map<Integer, String> names = new HashMap<>();
    Set<String> cats = new HashSet<>();
    double lastEnd = 0;
    for (JsonNode e : root.get("traceEvents")) {
      if (e.get("ph").asText().equals("M") && e.get("name").asText().equals("thread_name")) {
        names.put(e.get("tid").asInt(), e.get("args").get("name").asText());
      }
      if (e.get("ph").asText().equals("X")) {
        cats.add(e.get("cat").asText());
        assertThat(e.get("dur").asDouble()).isGreaterThanOrEqualTo(0);
        lastEnd = Math.max(lastEnd, e.get("ts").asDouble() + e.get("dur").asDouble());
      }
    }
    // conv1 (2 replicas) and conv2a on core 0/1, conv2b, conv3 (2 arrays) next: 6 arrays on cores 0..2
    assertThat(names.values()).contains("core 0", "core 1", "core 2", "DRAM");
    assertThat(cats).contains("weights", "write", "mvm", "load", "store");
    // the last slice ends when the run does (microseconds)
    assertThat(lastEnd).isCloseTo(r.latencySeconds() * 1e6, org.assertj.core.api.Assertions.within(1e-6));
    // slices on one lane never overlap (Perfetto needs nesting)
    Map<Integer, Double> laneEnd = new HashMap<>();
    List<JsonNode> xs = new java.util.ArrayList<>();
    root.get("traceEvents").forEach(e -> { if (e.get("ph").asText().equals("X")) xs.add(e); });
    xs.sort(java.util.Comparator.comparingDouble(e -> e.get("ts").asDouble()));
    for (JsonNode e : xs) {
      int tid = e.get("tid").asInt();
      assertThat(e.get("ts").asDouble()).isGreaterThanOrEqualTo(laneEnd.getOrDefault(tid, 0.0) - 1e-9);
      laneEnd.put(tid, e.get("ts").asDouble() + e.get("dur").asDouble());
    }
  }
}
