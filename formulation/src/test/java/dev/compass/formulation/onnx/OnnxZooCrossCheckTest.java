package dev.compass.formulation.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.formulation.GroundTruth;
import dev.compass.formulation.graph.StageGraph;
import dev.compass.formulation.graph.TrafficTensor;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.mapping.Mapping;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.onnx.OnnxImporter.ShapeSource;
import dev.compass.formulation.zoo.ModelZoo;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The zoo's code-built network and the ONNX import of the same architecture give the same stage
 * graph: stage names, kinds, H, W, groups, P and attention MACs; the same stage edges with the same
 * element counts; and the same traffic tensors (producer stage, consumer stages, elements, output),
 * compared as sorted lists because tensor names differ; and the same mapping onto arrays on every
 * hardware preset.
 */
class OnnxZooCrossCheckTest {

  @ParameterizedTest
  @ValueSource(strings = {"resnet18", "resnet50", "vgg16", "squeezenet1_0", "mobilenet_v2", "googlenet", "alexnet", "vit_b_16"})
  void zooAndOnnxImportHaveTheSameStageGraph(String model) {
    Network zoo = ModelZoo.build(model);
    Network onnx = OnnxImporter.read(GroundTruth.onnxFile(model), ShapeSource.INFERENCE);
    assertThat(GroundTruth.stageGraphDifferences(zoo, onnx)).isEmpty();
    assertThat(traffic(onnx)).isEqualTo(traffic(zoo));
    // the mapping onto arrays (tiles, arrays, units, weight bits per stage) on every preset, which with
    // the stage graph above is all the cost model reads
    for (String preset : HardwarePresets.NAMES) {
      HardwareSpec hw = HardwarePresets.get(preset);
      assertThat(Mapping.of(StageGraph.of(onnx), hw).stages()).as(preset)
          .isEqualTo(Mapping.of(StageGraph.of(zoo), hw).stages());
    }
  }

  /**
   * Traffic tensors that can cause traffic (read by another stage, or a network output) without their
   * names: "producer -> consumers: elements [output]", sorted. Tensors a stage produces and reads only
   * itself are internal (docs/MODEL.md §4) and depend on how finely the vector work is decomposed
   * (ONNX spells LayerNorm as nine operators), so they are left out.
   */
  private static List<String> traffic(Network n) {
    return StageGraph.of(n).tensors().stream()
        .filter(t -> !t.consumers().isEmpty() || t.output())
        .map((TrafficTensor t) -> t.producer() + " -> " + t.consumers() + ": " + t.elements() + (t.output() ? " output" : ""))
        .sorted()
        .toList();
  }
}
