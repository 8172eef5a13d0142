package dev.compass.formulation.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.formulation.GroundTruth;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.onnx.OnnxImporter.ShapeSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real torchvision exports of the model families the importer was not written against (DenseNet,
 * EfficientNet, RegNet, MNASNet, ShuffleNet, Inception v3, a deeper ResNet, Swin, and ConvNeXt /
 * MobileNetV3 at opset 17, ViT at opset 11), made like the shared models (see
 * {@code src/test/resources/.../onnx/exports/README.md}): every weighted layer matches PyTorch's
 * ground truth, with value_info, with value_info removed, and with own inference only.
 */
class OnnxUnseenExportsTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"densenet121", "efficientnet_b0", "regnet_y_400mf", "mnasnet1_0", "shufflenet_v2_x1_0",
      "inception_v3", "resnet101", "swin_t", "convnext_tiny.opset17", "mobilenet_v3_small.opset17", "vit_b_16.opset11"})
  void everyWeightedLayerMatchesPyTorch(String stem) throws IOException {
    byte[] model = resource(stem + ".onnx.gz");
    Path gtFile = dir.resolve(stem + ".layers.json");
    Files.write(gtFile, resource(stem + ".layers.json.gz"));
    GroundTruth gt = GroundTruth.load(gtFile);
    for (ShapeSource shapes : ShapeSource.values()) {
      Network net = OnnxImporter.read(model, stem + ".onnx", shapes);
      assertThat(gt.mismatches(net)).as(shapes.toString()).isEmpty();
    }
    Network stripped = OnnxImporter.read(OnnxBytes.withoutValueInfo(model), stem + ".onnx");
    assertThat(gt.mismatches(stripped)).as("value_info removed").isEmpty();
  }

  private static byte[] resource(String name) {
    try (InputStream in = OnnxUnseenExportsTest.class.getResourceAsStream("exports/" + name)) {
      if (in == null) throw new IllegalStateException("missing test resource exports/" + name);
      return new GZIPInputStream(in).readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
