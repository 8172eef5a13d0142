package dev.compass.formulation.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compass.formulation.InputException;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.network.NetworkBuilder;
import dev.compass.formulation.network.VectorOp;
import dev.compass.formulation.network.View;
import org.junit.jupiter.api.Test;

/** The builder methods the zoo added: reshape, transpose, attention matmul, split. */
class NetworkBuilderAdditionsTest {

  @Test
  void attentionMatmulCarriesItsMacs() {
    NetworkBuilder b = new NetworkBuilder("t");
    String x = b.input("input", 1, 6, 8);
    String q = b.matmulConst("q", x, 8);
    String qh = b.transpose("qh", b.reshape("qr", q, 1, 6, 2, 4), 0, 2, 1, 3); // [1, 2, 6, 4]
    String kt = b.transpose("kt", qh, 0, 1, 3, 2); // [1, 2, 4, 6]
    String s = b.matmul("qk", qh, kt);
    assertThat(b.shape(qh)).containsExactly(1, 2, 6, 4);
    assertThat(b.shape(kt)).containsExactly(1, 2, 4, 6);
    assertThat(b.shape(s)).containsExactly(1, 2, 6, 6);
    Network net = b.build(s);
    VectorOp mm = (VectorOp) net.operators().get(net.operators().size() - 1);
    // 2 heads x 6 x 4 x 6 = 288
    assertThat(mm.macs()).isEqualTo(288);
    assertThat(mm.opType()).isEqualTo("MatMul");
    assertThat(net.operators()).filteredOn(o -> o instanceof View).extracting(o -> o.opType())
        .containsExactly("Reshape", "Transpose", "Transpose");
  }

  @Test
  void matmulRejectsMismatchedOperands() {
    NetworkBuilder b = new NetworkBuilder("t");
    String x = b.input("input", 1, 6, 8);
    assertThatThrownBy(() -> b.matmul("bad", x, x))
        .isInstanceOf(InputException.class).hasMessageStartingWith("bad: MatMul of [1, 6, 8] and [1, 6, 8]");
  }

  @Test
  void splitMakesOneOperatorWithSeveralOutputs() {
    NetworkBuilder b = new NetworkBuilder("t");
    String x = b.input("input", 1, 4, 9);
    String y = b.matmulConst("w", x, 9);
    String[] parts = b.split("split", y, 2, 3, 3, 3);
    assertThat(parts).containsExactly("split.0", "split.1", "split.2");
    assertThat(b.shape(parts[1])).containsExactly(1, 4, 3);
    Network net = b.build(parts);
    assertThat(net.operators().get(1).outputs()).containsExactly("split.0", "split.1", "split.2");
    assertThatThrownBy(() -> b.split("split2", y, 2, 4, 4))
        .isInstanceOf(InputException.class).hasMessageContaining("do not add up");
  }

  @Test
  void reshapeMustKeepTheElementCount() {
    NetworkBuilder b = new NetworkBuilder("t");
    String x = b.matmulConst("w", b.input("input", 1, 4, 9), 9);
    String r = b.reshape("r", x, 1, 35);
    assertThatThrownBy(() -> b.build(r))
        .isInstanceOf(InputException.class).hasMessageContaining("has 35 elements but its inputs have 36");
  }
}
