package dev.compass.formulation.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.formulation.GroundTruth;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.network.TensorDecl;
import dev.compass.formulation.onnx.OnnxImporter.ShapeSource;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The eight shared torchvision exports against PyTorch's own ground truth ({@code NAME.layers.json},
 * from forward hooks): every weighted layer's name, kind, shapes, kernel, stride, padding, groups,
 * weight count and MACs, the attention MACs and the totals, once with the file's value_info and once
 * with the importer's own shape inference only.
 */
class OnnxGroundTruthTest {

  @ParameterizedTest
  @ValueSource(strings = {"resnet18", "resnet50", "vgg16", "squeezenet1_0", "mobilenet_v2", "alexnet", "googlenet", "vit_b_16"})
  void everyWeightedLayerMatchesPyTorchWithValueInfo(String model) {
    Network net = OnnxImporter.read(GroundTruth.onnxFile(model), ShapeSource.VALUE_INFO);
    assertThat(GroundTruth.load(model).mismatches(net)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"resnet18", "resnet50", "vgg16", "squeezenet1_0", "mobilenet_v2", "alexnet", "googlenet", "vit_b_16"})
  void everyWeightedLayerMatchesPyTorchWithOwnShapeInference(String model) {
    Network net = OnnxImporter.read(GroundTruth.onnxFile(model), ShapeSource.INFERENCE);
    assertThat(GroundTruth.load(model).mismatches(net)).isEmpty();
  }

  /** The same with value_info physically removed from the file (the default mode then infers every shape). */
  @ParameterizedTest
  @ValueSource(strings = {"resnet18", "resnet50", "vgg16", "squeezenet1_0", "mobilenet_v2", "alexnet", "googlenet", "vit_b_16"})
  void everyWeightedLayerMatchesPyTorchWithValueInfoRemoved(String model) throws IOException {
    byte[] original = Files.readAllBytes(GroundTruth.onnxFile(model));
    byte[] stripped = OnnxBytes.withoutValueInfo(original);
    assertThat(stripped.length).isLessThan(original.length); // every shared model has value_info entries
    assertThat(OnnxBytes.withoutValueInfo(stripped)).isEqualTo(stripped);
    Network net = OnnxImporter.read(stripped, model + ".onnx");
    assertThat(GroundTruth.load(model).mismatches(net)).isEmpty();
  }

  /** Own inference agrees with ONNX's (the exporter's value_info) on every tensor, not only weighted ones. */
  @ParameterizedTest
  @ValueSource(strings = {"resnet18", "resnet50", "vgg16", "squeezenet1_0", "mobilenet_v2", "alexnet", "googlenet", "vit_b_16"})
  void ownShapeInferenceAgreesWithValueInfoOnEveryTensor(String model) {
    Network withInfo = OnnxImporter.read(GroundTruth.onnxFile(model), ShapeSource.VALUE_INFO);
    Network inferred = OnnxImporter.read(GroundTruth.onnxFile(model), ShapeSource.INFERENCE);
    assertThat(shapes(inferred)).isEqualTo(shapes(withInfo));
    assertThat(inferred.operators()).isEqualTo(withInfo.operators());
  }

  private static Map<String, Object> shapes(Network n) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (TensorDecl t : n.tensors()) m.put(t.name(), t.shape() + (t.constant() ? " const" : ""));
    return m;
  }
}
