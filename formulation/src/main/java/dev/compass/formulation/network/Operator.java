package dev.compass.formulation.network;

import java.util.List;

/** One node of the network DAG. Implementations are immutable records. */
public sealed interface Operator permits Conv, Dense, VectorOp, View {
  /** Unique name; for imported and zoo models the PyTorch module path (e.g. {@code layer1.0.conv1}). */
  String name();

  /** Operator type as ONNX names it (Conv, Gemm, MatMul, Relu, Concat, ...). */
  String opType();

  /** Tensors read (for views: the tensors passed through; metadata inputs are dropped). */
  List<String> inputs();

  /** Tensors written. */
  List<String> outputs();

  /** True for operators that hold a constant weight matrix and run on crossbar arrays. */
  default boolean weighted() {
    return false;
  }
}
