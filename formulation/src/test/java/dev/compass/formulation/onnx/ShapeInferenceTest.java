package dev.compass.formulation.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compass.formulation.InputException;
import dev.compass.formulation.onnx.OnnxWire.Attribute;
import dev.compass.formulation.onnx.OnnxWire.Node;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ONNX shape rules and constant folding, one operator at a time; expected values by hand. */
class ShapeInferenceTest {

  private static Attribute i(String name, long v) {
    return new Attribute(name, 2, 0, v, "", null, List.of(), List.of());
  }

  private static Attribute is(String name, long... v) {
    List<Long> l = new ArrayList<>();
    for (long x : v) l.add(x);
    return new Attribute(name, 7, 0, 0, "", null, List.of(), l);
  }

  private static Attribute s(String name, String v) {
    return new Attribute(name, 3, 0, 0, v, null, List.of(), List.of());
  }

  private static Node node(String op, int outputs, Attribute... attrs) {
    List<String> outs = new ArrayList<>();
    for (int k = 0; k < outputs; k++) outs.add("o" + k);
    return new Node("n", op, "", List.of(), outs, List.of(attrs));
  }

  private static Value act(long... shape) {
    return Value.activation(shape);
  }

  private static Value ints(long... v) {
    return Value.ofInts(new long[] {v.length}, v);
  }

  private static Value scalar(long v) {
    return Value.ofInts(new long[0], new long[] {v});
  }

  private static Value one(String op, long opset, Value[] in, Attribute... attrs) {
    return ShapeInference.infer(node(op, 1, attrs), in, opset)[0];
  }

  @Test
  void sliceClampsBoundsAndHandlesNegativeSteps() {
    // [197, 1, 2304] sliced on axis -1 from 768 to 1536 -> [197, 1, 768]
    Value v = one("Slice", 13, new Value[] {act(197, 1, 2304), ints(768), ints(1536), ints(-1), ints(1)});
    assertThat(v.shape).containsExactly(197, 1, 768);
    // end INT64_MAX clamps to the dim: 10 - 2 = 8, step 3 -> ceil(8 / 3) = 3
    v = one("Slice", 13, new Value[] {act(1, 10), ints(2), ints(Long.MAX_VALUE), ints(1), ints(3)});
    assertThat(v.shape).containsExactly(1, 3);
    // reverse: start -1 (= 4), end INT64_MIN (clamps to -1), step -1 -> 5 elements: values 4, 3, 2, 1, 0 of [10..14]
    v = one("Slice", 13, new Value[] {Value.ofInts(new long[] {5}, new long[] {10, 11, 12, 13, 14}), ints(-1),
        ints(Long.MIN_VALUE), ints(0), ints(-1)});
    assertThat(v.ints).containsExactly(14, 13, 12, 11, 10);
    // opset 9: attributes; starts/ends [1]/[3] on axis 0 of [2, 3, 4, 5] -> 2 of [1 .. 3)
    v = one("Slice", 9, new Value[] {Value.ofInts(new long[] {4}, new long[] {2, 3, 4, 5})},
        is("starts", 1), is("ends", 3), is("axes", 0));
    assertThat(v.ints).containsExactly(3, 4);
  }

  @Test
  void gatherShapeAndValues() {
    // Shape [1, 768, 14, 14] gathered at scalar index 1 -> scalar 768
    Value v = one("Gather", 13, new Value[] {ints(1, 768, 14, 14), scalar(1)}, i("axis", 0));
    assertThat(v.shape).isEmpty();
    assertThat(v.ints).containsExactly(768);
    // data [2, 3] = [[0,1,2],[3,4,5]], indices [2, 0] on axis 1 -> [[2,0],[5,3]]
    Value data = Value.ofInts(new long[] {2, 3}, new long[] {0, 1, 2, 3, 4, 5});
    v = one("Gather", 13, new Value[] {data, ints(2, 0)}, i("axis", 1));
    assertThat(v.shape).containsExactly(2, 2);
    assertThat(v.ints).containsExactly(2, 0, 5, 3);
    // negative index -1 on axis 0 -> row 1
    v = one("Gather", 13, new Value[] {data, scalar(-1)}, i("axis", 0));
    assertThat(v.ints).containsExactly(3, 4, 5);
    // activation data: shape only, [1, 197, 768] at index 0 on axis 1 -> [1, 768]
    v = one("Gather", 13, new Value[] {act(1, 197, 768), scalar(0)}, i("axis", 1));
    assertThat(v.shape).containsExactly(1, 768);
    assertThat(v.known()).isFalse();
  }

  @Test
  void reshapeWithZeroAndMinusOne() {
    // [1, 768, 14, 14] to [0, 768, -1] -> [1, 768, 196]
    assertThat(one("Reshape", 13, new Value[] {act(1, 768, 14, 14), ints(0, 768, -1)}).shape).containsExactly(1, 768, 196);
    // allowzero=1 keeps a 0 literally: a [0]-sized target needs a 0-element input; here it is an error
    assertThatThrownBy(() -> one("Reshape", 14, new Value[] {act(1, 4), ints(0, 4)}, i("allowzero", 1)))
        .isInstanceOf(InputException.class);
    assertThatThrownBy(() -> one("Reshape", 13, new Value[] {act(1, 10), ints(3, -1)}))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("do not divide");
    // unknown target: no shape
    assertThat(one("Reshape", 13, new Value[] {act(1, 10), Value.constant(new long[] {2})})).isNull();
  }

  @Test
  void convAndPoolingWindows() {
    // SAME_UPPER, stride 2 on 7x7: out = ceil(7 / 2) = 4
    Value w = Value.constant(new long[] {8, 3, 3, 3});
    Value v = one("Conv", 13, new Value[] {act(1, 3, 7, 7), w}, s("auto_pad", "SAME_UPPER"), is("strides", 2, 2));
    assertThat(v.shape).containsExactly(1, 8, 4, 4);
    // dilation 2, kernel 3 (effective 5), pads 2: 14 + 4 - 5 + 1 = 14
    v = one("Conv", 13, new Value[] {act(1, 3, 14, 14), w}, is("dilations", 2, 2), is("pads", 2, 2, 2, 2));
    assertThat(v.shape).containsExactly(1, 8, 14, 14);
    // depthwise: group 32 with weight [32, 1, 3, 3]
    v = one("Conv", 13, new Value[] {act(1, 32, 112, 112), Value.constant(new long[] {32, 1, 3, 3})},
        i("group", 32), is("pads", 1, 1, 1, 1));
    assertThat(v.shape).containsExactly(1, 32, 112, 112);
    // googlenet's MaxPool 3/2 ceil_mode on 112: ceil((112 - 3) / 2) + 1 = 56
    v = one("MaxPool", 13, new Value[] {act(1, 64, 112, 112)}, is("kernel_shape", 3, 3), is("strides", 2, 2),
        i("ceil_mode", 1));
    assertThat(v.shape).containsExactly(1, 64, 56, 56);
    // ceil_mode where the last window would start in the right padding: in 5, k 2, s 2, pad 1:
    // ceil((5 + 2 - 2) / 2) + 1 = 4, but window 3 starts at 3 * 2 = 6 >= 5 + 1, so it is dropped -> 3
    v = one("AveragePool", 13, new Value[] {act(1, 1, 5, 5)}, is("kernel_shape", 2, 2), is("strides", 2, 2),
        is("pads", 1, 1, 1, 1), i("ceil_mode", 1));
    assertThat(v.shape).containsExactly(1, 1, 3, 3);
  }

  @Test
  void shapeArithmeticFolds() {
    // Cast(Shape) / 3 -> integer division; Range(0, 4, 1); Expand [3, 1] to [2, 1, 4]
    Value d = one("Div", 13, new Value[] {ints(2304), scalar(3)});
    assertThat(d.ints).containsExactly(768);
    Value f = one("Cast", 13, new Value[] {d}, i("to", OnnxWire.FLOAT));
    assertThat(f.floats).containsExactly(768.0);
    Value sq = one("Sqrt", 13, new Value[] {Value.ofFloats(new long[0], new double[] {64.0})});
    assertThat(sq.floats).containsExactly(8.0);
    Value r = one("Range", 13, new Value[] {scalar(0), scalar(4), scalar(1)});
    assertThat(r.ints).containsExactly(0, 1, 2, 3);
    Value e = one("Expand", 13, new Value[] {Value.ofInts(new long[] {3, 1}, new long[] {7, 8, 9}), ints(2, 1, 4)});
    assertThat(e.shape).containsExactly(2, 3, 4);
    assertThat(e.ints).startsWith(7, 7, 7, 7, 8, 8, 8, 8, 9, 9, 9, 9, 7);
    Value t = one("Transpose", 13, new Value[] {Value.ofInts(new long[] {2, 3}, new long[] {0, 1, 2, 3, 4, 5})},
        is("perm", 1, 0));
    assertThat(t.shape).containsExactly(3, 2);
    assertThat(t.ints).containsExactly(0, 3, 1, 4, 2, 5);
    // negative entries count from the end, for the values as for the shape: (-1, -2) is (1, 0)
    Value tn = one("Transpose", 13, new Value[] {Value.ofInts(new long[] {2, 3}, new long[] {0, 1, 2, 3, 4, 5})},
        is("perm", -1, -2));
    assertThat(tn.shape).containsExactly(3, 2);
    assertThat(tn.ints).containsExactly(0, 3, 1, 4, 2, 5);
    Value c = one("Concat", 13, new Value[] {ints(1), ints(197), ints(-1)}, i("axis", 0));
    assertThat(c.ints).containsExactly(1, 197, -1);
    Value m = one("Mod", 13, new Value[] {scalar(-1), scalar(7)});
    assertThat(m.ints).containsExactly(6); // fmod = 0: sign of the divisor
    Value p = one("ReduceProd", 13, new Value[] {ints(1, 768, 196)}, i("keepdims", 0));
    assertThat(p.shape).isEmpty();
    assertThat(p.ints).containsExactly(150528);
    Value cos = one("ConstantOfShape", 13, new Value[] {ints(2, 3)});
    assertThat(cos.shape).containsExactly(2, 3);
    assertThat(cos.floats).containsOnly(0.0);
  }

  @Test
  void splitSqueezeUnsqueezeReduceForms() {
    Node split = node("Split", 3, i("axis", 1));
    // opset 18: 10 into 3 outputs -> ceil(10 / 3) = 4, 4, 2
    Value[] parts = ShapeInference.infer(split, new Value[] {act(1, 10)}, 18);
    assertThat(parts).extracting(v -> v.shape[1]).containsExactly(4L, 4L, 2L);
    // before 18 an uneven equal split is an error
    assertThatThrownBy(() -> ShapeInference.infer(split, new Value[] {act(1, 10)}, 13))
        .isInstanceOf(InputException.class);
    // opset 13 sizes input
    parts = ShapeInference.infer(split, new Value[] {act(1, 10), ints(2, 3, 5)}, 13);
    assertThat(parts).extracting(v -> v.shape[1]).containsExactly(2L, 3L, 5L);
    assertThat(one("Squeeze", 11, new Value[] {act(1, 5, 1)}).shape).containsExactly(5);
    assertThat(one("Squeeze", 13, new Value[] {act(1, 5, 1), ints(-1)}).shape).containsExactly(1, 5);
    assertThat(one("Unsqueeze", 13, new Value[] {act(5), ints(0, -1)}).shape).containsExactly(1, 5, 1);
    assertThat(one("ReduceMean", 13, new Value[] {act(1, 197, 768)}, is("axes", -1)).shape).containsExactly(1, 197, 1);
    assertThat(one("ReduceMean", 18, new Value[] {act(1, 197, 768), ints(-1)}, i("keepdims", 0)).shape)
        .containsExactly(1, 197);
    assertThat(one("ReduceSum", 13, new Value[] {act(2, 3), ints(0)}).shape).containsExactly(1, 3);
  }

  @Test
  void matmulAndGemmShapes() {
    assertThat(one("MatMul", 13, new Value[] {act(12, 197, 64), act(12, 64, 197)}).shape).containsExactly(12, 197, 197);
    // batch broadcast and 1-D operands
    assertThat(one("MatMul", 13, new Value[] {act(2, 1, 3, 4), act(5, 4, 6)}).shape).containsExactly(2, 5, 3, 6);
    assertThat(one("MatMul", 13, new Value[] {act(4), act(4, 6)}).shape).containsExactly(6);
    assertThat(one("Gemm", 13, new Value[] {act(1, 512), Value.constant(new long[] {1000, 512})}, i("transB", 1)).shape)
        .containsExactly(1, 1000);
    assertThatThrownBy(() -> one("Gemm", 13, new Value[] {act(1, 512), Value.constant(new long[] {1000, 512})}))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("inner dimensions 512 and 1000");
  }

  @Test
  void padAndResize() {
    assertThat(one("Pad", 13, new Value[] {act(1, 3, 56, 56), ints(0, 0, 0, 0, 0, 0, 1, 1)}).shape)
        .containsExactly(1, 3, 57, 57);
    // opset 18 axes input: pad axes [2, 3] by 1 each side
    assertThat(one("Pad", 18, new Value[] {act(1, 3, 5, 5), ints(1, 1, 1, 1), null, ints(2, 3)}).shape)
        .containsExactly(1, 3, 7, 7);
    Value sizes = ints(1, 3, 20, 30);
    assertThat(one("Resize", 13, new Value[] {act(1, 3, 10, 10), null, null, sizes}).shape).containsExactly(1, 3, 20, 30);
    Value scales = Value.ofFloats(new long[] {4}, new double[] {1, 1, 1.5, 2});
    assertThat(one("Resize", 13, new Value[] {act(1, 3, 10, 10), null, scales}).shape).containsExactly(1, 3, 15, 20);
    assertThat(one("Upsample", 9, new Value[] {act(1, 3, 10, 10), scales}).shape).containsExactly(1, 3, 15, 20);
  }

  @Test
  void broadcastRules() {
    assertThat(ShapeInference.broadcast(new long[] {1, 197, 768}, new long[] {768})).containsExactly(1, 197, 768);
    assertThat(ShapeInference.broadcast(new long[] {8, 1, 6}, new long[] {7, 1})).containsExactly(8, 7, 6);
    assertThat(ShapeInference.broadcast(new long[] {3}, new long[] {4})).isNull();
    assertThatThrownBy(() -> one("Add", 13, new Value[] {act(1, 3), act(1, 4)}))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("do not broadcast");
  }
}
