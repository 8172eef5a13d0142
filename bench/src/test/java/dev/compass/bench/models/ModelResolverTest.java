package dev.compass.bench.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compass.formulation.InputException;
import dev.compass.formulation.io.Json;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.zoo.ModelZoo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelResolverTest {
  @Test
  void aZooNameBuildsTheZooModel() {
    Network net = ModelResolver.resolve("resnet18");
    assertThat(net).isEqualTo(ModelZoo.build("resnet18"));
  }

  @Test
  void aJsonPathIsRead(@TempDir Path tmp) throws IOException {
    Network alexnet = ModelZoo.build("alexnet");
    Path f = tmp.resolve("ALEX.JSON");
    Files.writeString(f, Json.writeNetwork(alexnet));
    assertThat(ModelResolver.resolve(f.toString())).isEqualTo(alexnet);
  }

  @Test
  void anOnnxPathIsImported() {
    Path onnx = Path.of(System.getProperty("compass.shared"), "models", "onnx", "resnet18.onnx");
    Network imported = ModelResolver.resolve(onnx.toString());
    // the same stages as the zoo's resnet18 (21 weighted layers, ground truth: resnet18.layers.json)
    assertThat(imported.weightedOperators()).hasSize(21);
    assertThat(imported.weightedOperators().get(0).name()).isEqualTo("conv1");
  }

  @Test
  void aMissingOnnxFileIsBadInput() {
    assertThatThrownBy(() -> ModelResolver.resolve("/tmp/no-such-model.onnx"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("no-such-model.onnx");
  }

  @Test
  void anUnknownNameListsTheZoo() {
    assertThatThrownBy(() -> ModelResolver.resolve("lenet"))
        .isInstanceOf(InputException.class)
        .hasMessage("--model: unknown model 'lenet'; zoo models: " + String.join(", ", ModelZoo.names())
            + " (or give the path of a network .json or .onnx file)");
    assertThatThrownBy(() -> ModelResolver.resolve("lenet", ""))
        .hasMessageStartingWith("unknown model 'lenet'");
  }
}
