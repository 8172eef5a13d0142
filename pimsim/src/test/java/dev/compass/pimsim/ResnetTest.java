package dev.compass.pimsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.formulation.graph.Stage;
import dev.compass.formulation.graph.StageGraph;
import dev.compass.formulation.io.Json;
import dev.compass.formulation.mapping.Mapping;
import dev.compass.formulation.plan.PartitionPlan;
import dev.compass.pimsim.program.Program;
import dev.compass.pimsim.sim.PartitionResult;
import dev.compass.pimsim.sim.SimResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * ResNet-50 on the shipped chips: the simulator's counts equal the model's rules exactly (so its
 * dynamic energy does), and its latency on a greedy plan obeys the suites' latency rule against the
 * model's version-2 formula ({@link ModelRules#checkLatency}: within 5%, or within 2% of the bound).
 */
class ResnetTest {

  @Test
  void builderMatchesPytorchGroundTruth() {
    Path file = Path.of(System.getProperty("compass.shared"), "models", "onnx", "resnet50.layers.json");
    JsonNode truth = Json.parse(Json.readText(file), file.toString());
    StageGraph g = StageGraph.of(Resnets.resnet50());
    List<String> names = new ArrayList<>();
    List<Long> macs = new ArrayList<>();
    for (JsonNode l : truth.get("layers")) {
      names.add(l.get("name").asText());
      macs.add(l.get("macs").asLong());
    }
    assertThat(g.stages()).extracting(Stage::name).containsExactlyElementsOf(names);
    assertThat(g.stages()).extracting(Stage::macsPerImage).containsExactlyElementsOf(macs);
    assertThat(g.stages().stream().mapToLong(Stage::weights).sum()).isEqualTo(truth.get("totals").get("weight_params").asLong());
  }

  @ParameterizedTest
  @ValueSource(strings = {"compass-s", "compass-m", "compass-l"})
  void countsEqualTheModelsRulesAndLatencyIsClose(String preset) {
    Mapping m = Resnets.map(Resnets.resnet50(), preset);
    var hw = m.hardware();
    PartitionPlan plan = Resnets.greedy(m);
    Program prog = PimSim.compile(m, plan);
    for (int b : new int[] {1, 16}) {
      SimResult r = PimSim.simulate(prog, b);
      double modelT = 0;
      for (int p = 0; p < plan.size(); p++) {
        ModelRules mr = ModelRules.of(m, plan, p);
        PartitionResult pr = r.partitions().get(p);
        assertThat(pr.weightBytes()).as("partition %d weight bytes", p).isCloseTo(mr.weightBytes, within(1e-6));
        assertThat(pr.rowsWritten()).as("partition %d rows", p).isEqualTo(mr.rows);
        assertThat(pr.ioBytes()).as("partition %d io bytes", p).isCloseTo(b * mr.ioBytesPerImage, within(1e-6 * b * mr.ioBytesPerImage + 1e-9));
        modelT += mr.latency(b, hw);
      }
      // compute energy, whole network: B * sum_s P_s * steps * a_s * eStep (FORMULATION.md §5)
      long steps = 0;
      for (Stage s : m.graph().stages()) steps += s.mvmsPerImage() * hw.steps() * m.stage(s.index()).arrays();
      assertThat(r.energy().compute()).isCloseTo(b * steps * hw.eStep(), within(1e-12 * b * steps * hw.eStep()));
      assertThat(r.weightBytes()).isCloseTo(m.totalWeightBits() / 8.0, within(1e-6));
      ModelRules.checkLatency(preset + " B=" + b, modelT, r.latencySeconds(), PimSim.lowerBound(prog, b));
    }
  }
}
