package dev.compass.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.formulation.io.Json;
import dev.compass.formulation.zoo.ModelZoo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code compass models}: every zoo model, sized; the sizes against PyTorch's ground truth. */
class ModelsCommandTest {
  /** The models with PyTorch ground truth in {@code <shared>/models/onnx/NAME.layers.json}. */
  private static final List<String> WITH_GROUND_TRUTH = List.of(
      "alexnet", "googlenet", "mobilenet_v2", "resnet18", "resnet50", "squeezenet1_0", "vgg16", "vit_b_16");

  private static Path shared() {
    return Path.of(System.getProperty("compass.shared", "../../shared"));
  }

  @Test
  void theTableListsEveryZooModel() {
    Cli.Result r = Cli.run("models").ok();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).startsWith("name").contains("stages").contains("weights").contains("MACs/image")
        .contains("attention MACs/image");
    List<String> names = lines.subList(1, lines.size()).stream().map(l -> l.split(" +")[0]).toList();
    assertThat(names).containsExactlyElementsOf(ModelZoo.names());
  }

  @Test
  void jsonGivesPyTorchsCountsForTheGroundTruthModels() throws IOException {
    JsonNode a = Json.parse(Cli.run("models", "--json").ok().out(), "stdout");
    Map<String, JsonNode> byName = new HashMap<>();
    List<String> order = new ArrayList<>();
    for (JsonNode n : a) {
      byName.put(n.get("name").asText(), n);
      order.add(n.get("name").asText());
    }
    assertThat(order).containsExactlyElementsOf(ModelZoo.names());
    for (String m : WITH_GROUND_TRUTH) {
      JsonNode totals = Json.parse(Files.readString(shared().resolve("models/onnx/" + m + ".layers.json")), m).get("totals");
      JsonNode row = byName.get(m);
      assertThat(row).as(m).isNotNull();
      assertThat(row.get("stages").asLong()).as(m + " stages").isEqualTo(totals.get("weighted_layer_calls").asLong());
      assertThat(row.get("weightParams").asLong()).as(m + " weights").isEqualTo(totals.get("weight_params").asLong());
      assertThat(row.get("macsPerImage").asLong()).as(m + " MACs").isEqualTo(totals.get("macs").asLong());
      assertThat(row.get("attentionMacs").asLong()).as(m + " attention MACs").isEqualTo(totals.get("attention_matmul_macs").asLong());
    }
  }

  @Test
  void theTableGroupsDigits() {
    // resnet18 from the ground truth: 21 layers, 11,678,912 weights, 1,814,073,344 MACs
    Cli.Result r = Cli.run("models", "resnet18").ok();
    assertThat(r.out().lines().toList().get(1)).matches("resnet18 +21 +11,678,912 +1,814,073,344 +0");
  }

  @Test
  void aNetworkFileIsSized(@TempDir Path tmp) throws IOException {
    // conv 3x3, 3 -> 4 channels, pad 1 on 8x8: H = 27, W = 4, P = 64: 108 weights, 6,912 MACs;
    // fc 256 -> 10: 2,560 weights and MACs. Totals: 2 stages, 2,668 weights, 9,472 MACs.
    String text = """
        {"name": "two-layers", "inputs": ["x"], "outputs": ["y"],
         "tensors": [{"name": "x", "shape": [1, 3, 8, 8]}, {"name": "c", "shape": [1, 4, 8, 8]},
                     {"name": "f", "shape": [1, 256]}, {"name": "y", "shape": [1, 10]}],
         "operators": [
           {"op": "Conv", "name": "conv", "input": "x", "output": "c", "outChannels": 4, "kernel": [3, 3], "pads": [1, 1, 1, 1]},
           {"op": "Flatten", "name": "flat", "inputs": ["c"], "output": "f"},
           {"op": "Gemm", "name": "fc", "input": "f", "output": "y", "inFeatures": 256, "outFeatures": 10}]}
        """;
    Path f = tmp.resolve("two.json");
    Files.writeString(f, text);
    JsonNode row = Json.parse(Cli.run("models", f.toString(), "--json").ok().out(), "stdout").get(0);
    assertThat(row.get("name").asText()).isEqualTo("two-layers");
    assertThat(row.get("stages").asInt()).isEqualTo(2);
    assertThat(row.get("weightParams").asLong()).isEqualTo(2668);
    assertThat(row.get("macsPerImage").asLong()).isEqualTo(9472);
    assertThat(row.get("attentionMacs").asLong()).isZero();
  }

  @Test
  void anUnknownModelListsTheZoo() {
    Cli.Result r = Cli.run("models", "resnet19").badInput();
    assertThat(r.err()).isEqualTo("compass: unknown model 'resnet19'; zoo models: " + String.join(", ", ModelZoo.names())
        + " (or give the path of a network .json or .onnx file)\n");
  }
}
