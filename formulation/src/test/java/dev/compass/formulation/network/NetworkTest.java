package dev.compass.formulation.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compass.formulation.InputException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The network records built in code (as the zoo and the ONNX importer build them). */
class NetworkTest {
  @Test
  void convOutputSizeFollowsTheOnnxFormula() {
    // floor((in + padBegin + padEnd - d*(k-1) - 1) / s) + 1
    Conv c = new Conv("c", "x", "y", 8, List.of(7, 3), List.of(2, 1), List.of(3, 0, 3, 0), List.of(1, 2), 1);
    assertThat(c.outSize(0, 224)).isEqualTo(112); // (224 + 6 - 6 - 1) / 2 + 1 = 111 + 1
    assertThat(c.outSize(1, 10)).isEqualTo(6); // (10 + 0 - 4 - 1) / 1 + 1 = 5 + 1
    assertThat(Conv.of("c", "x", "y", 8, 3, 2, 1, 1).outSize(0, 7)).isEqualTo(4); // (7 + 2 - 2 - 1) / 2 + 1
  }

  @Test
  void tensorsCountElementsAndRejectBadDims() {
    assertThat(TensorDecl.of("t", 1, 64, 56, 56).elements()).isEqualTo(64L * 56 * 56);
    assertThat(TensorDecl.of("t", 1, 3, 5).dim(-1)).isEqualTo(5);
    assertThatThrownBy(() -> TensorDecl.of("t", 1, 0)).isInstanceOf(InputException.class)
        .hasMessage("shape[1]: must be a positive dimension, got 0");
    List<Long> withNull = new ArrayList<>(List.of(1L, 2L));
    withNull.add(null);
    assertThatThrownBy(() -> new TensorDecl("t", withNull, false)).hasMessage("shape[2]: must be a positive dimension, got null");
    assertThatThrownBy(() -> TensorDecl.of("t", 1L << 32, 1L << 32))
        .hasMessage("shape: has more than 9007199254740992 (2^53) elements: [4294967296, 4294967296]");
  }

  @Test
  void recordsRejectEmptyNamesAndBadSizes() {
    assertThatThrownBy(() -> Dense.linear(" ", "x", "y", 4, 4)).hasMessage("name: is missing or empty; give a non-empty name");
    assertThatThrownBy(() -> Dense.linear("fc", "x", "y", 0, 4)).hasMessage("inFeatures: must be positive, got 0");
    assertThatThrownBy(() -> Conv.of("c", "x", "y", 6, 3, 1, 1, 4)).hasMessage("groups: outChannels 6 is not a multiple of groups 4");
    assertThatThrownBy(() -> View.of("v", "Relu", "x", "y")).hasMessageStartingWith("opType: 'Relu' is not a view; views are [");
    assertThatThrownBy(() -> new View("v", "Reshape", List.of("a", "b"), "y")).hasMessage("inputs: Reshape passes exactly one tensor, got 2");
    assertThatThrownBy(() -> new VectorOp("a", "MatMul", List.of("x"), List.of("y"), -1)).hasMessage("macs: must be >= 0, got -1");
  }

  @Test
  void aNetworkKnowsItsWeightedOperatorsInOrder() {
    Network net = new Network("n",
        List.of(TensorDecl.of("x", 1, 2, 4, 4), TensorDecl.of("a", 1, 2, 4, 4), TensorDecl.of("b", 1, 2, 4, 4),
            TensorDecl.of("f", 1, 32), TensorDecl.of("y", 1, 3)),
        List.of("x"), List.of("y"),
        List.of(Conv.of("c", "x", "a", 2, 1, 1, 0, 1), VectorOp.of("r", "Relu", "a", "b"),
            View.of("flat", "Flatten", "b", "f"), Dense.linear("fc", "f", "y", 32, 3)));
    assertThat(net.weightedOperators()).extracting(Operator::name).containsExactly("c", "fc");
    assertThat(net.tensor("f").elements()).isEqualTo(32);
    assertThatThrownBy(() -> net.tensor("z")).hasMessage("tensors: no tensor named 'z'");
  }

  @Test
  void inputChannelsMustDivideIntoGroups() {
    // 6 input channels, groups 4: 6 % 4 = 2
    assertThatThrownBy(() -> new Network("n",
        List.of(TensorDecl.of("x", 1, 6, 4, 4), TensorDecl.of("y", 1, 8, 4, 4)), List.of("x"), List.of("y"),
        List.of(Conv.of("c", "x", "y", 8, 1, 1, 0, 4))))
        .hasMessage("operators[0] (c): input channels 6 are not a multiple of groups 4");
  }

  @Test
  void aConvNeedsRankFourTensors() {
    assertThatThrownBy(() -> new Network("n",
        List.of(TensorDecl.of("x", 1, 6, 4), TensorDecl.of("y", 1, 8, 4, 4)), List.of("x"), List.of("y"),
        List.of(Conv.of("c", "x", "y", 8, 1, 1, 0, 1))))
        .hasMessage("operators[0] (c): Conv needs [1, C, H, W] tensors, got input [1, 6, 4] and output [1, 8, 4, 4]");
  }
}
