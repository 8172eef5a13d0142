package dev.compass.bench.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.formulation.network.Conv;
import dev.compass.formulation.network.Dense;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.network.TensorDecl;
import dev.compass.formulation.network.VectorOp;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSummaryTest {
  @Test
  void countsByHand() {
    // dw: depthwise 3x3 on [1, 8, 6, 6], pad 1, groups 8: H = 9, W = 1, g = 8, P = 36: 72 weights, 2,592 MACs
    // mm: constant-left MatMul [5 x 8] x [1, 8, 36]: H = 8, W = 5, P = 36: 40 weights, 1,440 MACs
    // att: activation x activation [1, 5, 36] x [1, 36, 5]: 5 * 5 * 36 = 900 MACs, on the vector units
    Network net = new Network("hand",
        List.of(TensorDecl.of("x", 1, 8, 6, 6), TensorDecl.of("d", 1, 8, 6, 6), TensorDecl.of("v", 1, 8, 36),
            TensorDecl.of("m", 1, 5, 36), TensorDecl.of("t", 1, 36, 5), TensorDecl.of("a", 1, 5, 5)),
        List.of("x", "t"), List.of("a"),
        List.of(Conv.of("dw", "x", "d", 8, 3, 1, 1, 8),
            new dev.compass.formulation.network.View("flat", "Reshape", List.of("d"), "v"),
            new Dense("mm", "MatMul", "v", "m", 8, 5, true),
            new VectorOp("att", "MatMul", List.of("m", "t"), List.of("a"), 900)));
    ModelSummary s = ModelSummary.of(net);
    assertThat(s).isEqualTo(new ModelSummary("hand", 2, 72 + 40, 2592 + 1440, 900));
    assertThat(ModelSummary.of("other", net).name()).isEqualTo("other");
  }
}
