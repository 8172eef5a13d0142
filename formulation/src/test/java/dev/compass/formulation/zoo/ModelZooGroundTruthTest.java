package dev.compass.formulation.zoo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.formulation.GroundTruth;
import dev.compass.formulation.network.Network;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The zoo's torchvision models against the PyTorch ground truth in the shared folder
 * ({@code models/onnx/NAME.layers.json}, from forward hooks on torchvision 0.14): every weighted
 * layer in execution order (name, kind, channels/features, kernel, stride, padding, groups,
 * shapes, weight params, MACs) and the totals, attention MACs included.
 */
class ModelZooGroundTruthTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "resnet18", "resnet50", "vgg16", "squeezenet1_0", "mobilenet_v2", "alexnet", "googlenet", "vit_b_16"})
  void matchesPyTorchLayerByLayer(String model) {
    Network net = ModelZoo.build(model);
    assertThat(GroundTruth.load(model).mismatches(net)).isEmpty();
  }
}
