package dev.compass.formulation.zoo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.formulation.GroundTruth;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.network.NetworkBuilder;
import org.junit.jupiter.api.Test;

/** The ground-truth helper itself: it reads the shared files and names each difference. */
class GroundTruthTest {

  @Test
  void loadsTheSharedLayersFile() {
    GroundTruth gt = GroundTruth.load("resnet18");
    // figures from /work/shared/models/onnx/README.md's table: 21 weighted calls, 11,678,912
    // weight params, 1,814,073,344 MACs
    assertThat(gt.model()).isEqualTo("resnet18");
    assertThat(gt.layers()).hasSize(21);
    assertThat(gt.totals().weightParams()).isEqualTo(11_678_912L);
    assertThat(gt.totals().macs()).isEqualTo(1_814_073_344L);
    assertThat(gt.inputShape()).containsExactly(1L, 3L, 224L, 224L);
    GroundTruth.Layer first = gt.layers().get(0);
    assertThat(first.name()).isEqualTo("conv1");
    assertThat(first.kernelSize()).containsExactly(7, 7);
    assertThat(first.padding()).containsExactly(3, 3);
    // 64 * 112 * 112 outputs * 3 * 7 * 7 = 802,816 * 147 = 118,013,952
    assertThat(first.macs()).isEqualTo(118_013_952L);
    assertThat(gt.layers().get(20).kind()).isEqualTo("linear");
    assertThat(gt.layers().get(20).inFeatures()).isEqualTo(512L);
  }

  @Test
  void reportsEachDifferenceOnItsOwnLine() {
    // resnet18's first conv with a 5x5 kernel (pad 2 keeps 112x112), then a Linear named "fc"
    NetworkBuilder b = new NetworkBuilder("wrong");
    String x = b.input("input", 1, 3, 224, 224);
    x = b.conv("conv1", x, 64, 5, 2, 2);
    x = b.globalPool("pool", x);
    x = b.flatten("flat", x);
    x = b.linear("fc", x, 1000);
    Network net = b.build(x);
    var mismatches = GroundTruth.load("resnet18").mismatches(net);
    assertThat(mismatches).contains(
        "stage 0 (conv1): kernel [5, 5], expected [7, 7]",
        "stage 0 (conv1): padding [2, 2], expected [3, 3]",
        // 802,816 * 3 * 25 = 60,211,200
        "stage 0 (conv1): MACs 60211200, expected 118013952",
        "stage 1 (fc): name fc, expected layer1.0.conv1",
        "stage 1 (fc): kind linear, expected conv",
        "stages: 2 weighted operators, expected 21 layers");
    assertThat(mismatches).anyMatch(m -> m.startsWith("layer 20 (fc): missing"));
    assertThat(mismatches).anyMatch(m -> m.startsWith("totals: weight params"));
  }
}
