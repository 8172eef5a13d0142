package dev.compass.formulation.onnx;

import static dev.compass.formulation.onnx.OnnxBytes.attr;
import static dev.compass.formulation.onnx.OnnxBytes.ints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compass.formulation.GroundTruth;
import dev.compass.formulation.InputException;
import dev.compass.formulation.graph.StageGraph;
import dev.compass.formulation.network.Conv;
import dev.compass.formulation.network.Dense;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.network.Operator;
import dev.compass.formulation.network.TensorDecl;
import dev.compass.formulation.network.VectorOp;
import dev.compass.formulation.network.View;
import dev.compass.formulation.onnx.OnnxImporter.ShapeSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The importer on small hand-written models (expected values worked out by hand in comments). */
class OnnxImporterTest {

  private static List<Long> shape(Network n, String tensor) {
    return n.tensor(tensor).shape();
  }

  /** Conv -> Relu -> GlobalAveragePool -> Flatten -> Gemm, PyTorch-style scoped names. */
  private static OnnxBytes smallCnn() {
    return new OnnxBytes()
        .input("x", 1, 3, 8, 8)
        .weight("onnx::Conv_7", 4, 3, 3, 3)
        .weight("fc.weight", 10, 4)
        .weight("fc.bias", 10)
        .node("Conv", "/features/features.0/Conv", List.of("x", "onnx::Conv_7"), List.of("c"),
            ints("kernel_shape", 3, 3), ints("pads", 1, 1, 1, 1), ints("strides", 2, 2), attr("group", 1))
        .node("Relu", "/features/features.1/Relu", "c", "r")
        .node("GlobalAveragePool", "/avgpool/GlobalAveragePool", "r", "g")
        .node("Flatten", "/Flatten", "g", "f", attr("axis", 1))
        .node("Gemm", "/fc/Gemm", List.of("f", "fc.weight", "fc.bias"), List.of("y"), attr("transB", 1))
        .output("y");
  }

  @Test
  void mapsASmallCnnWithModuleNames() {
    Network n = OnnxImporter.read(smallCnn().bytes(), "small.onnx", ShapeSource.INFERENCE);
    // Conv: floor((8 + 1 + 1 - 3) / 2) + 1 = 4 -> [1, 4, 4, 4]; GAP -> [1, 4, 1, 1]; Flatten -> [1, 4]; Gemm -> [1, 10]
    assertThat(n.name()).isEqualTo("small");
    assertThat(n.operators()).containsExactly(
        new Conv("features.0", "x", "c", 4, List.of(3, 3), List.of(2, 2), List.of(1, 1, 1, 1), List.of(1, 1), 1),
        VectorOp.of("features.1/Relu", "Relu", "c", "r"),
        VectorOp.of("avgpool/GlobalAveragePool", "GlobalAveragePool", "r", "g"),
        View.of("Flatten", "Flatten", "g", "f"),
        new Dense("fc", "Gemm", "f", "y", 4, 10, false));
    assertThat(shape(n, "c")).containsExactly(1L, 4L, 4L, 4L);
    assertThat(shape(n, "g")).containsExactly(1L, 4L, 1L, 1L);
    assertThat(shape(n, "y")).containsExactly(1L, 10L);
    assertThat(n.inputs()).containsExactly("x");
    assertThat(n.outputs()).containsExactly("y");
  }

  @Test
  void readsFromAFileWithoutOpeningItsExternalWeights(@TempDir Path dir) throws IOException {
    // the weights are marked external in "missing.weights", which does not exist
    Path file = dir.resolve("cnn.onnx");
    Files.write(file, smallCnn().bytes());
    Network n = OnnxImporter.read(file);
    assertThat(n.name()).isEqualTo("cnn");
    assertThat(n.weightedOperators()).extracting(Operator::name).containsExactly("features.0", "fc");
  }

  @Test
  void unsupportedOperatorNamesTheOpTypeAndNodeAndListsTheSupportedOnes() {
    byte[] model = new OnnxBytes()
        .input("x", 1, 3, 8, 8)
        .weight("w", 4, 3, 1, 1)
        .node("Conv", "/conv/Conv", List.of("x", "w"), List.of("c"))
        .node("NonZero", "/head/NonZero", "c", "y")
        .output("y")
        .bytes();
    assertThatThrownBy(() -> OnnxImporter.read(model, "m.onnx"))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("m.onnx: node 'NonZero_1' (/head/NonZero): operator 'NonZero' is not supported; supported operators: [")
        .hasMessageContaining("Conv, ")
        .hasMessageContaining("MatMul, ")
        .hasMessageContaining("Softmax, ");
  }

  @Test
  void customDomainOperatorIsRejectedByName() {
    byte[] model = new OnnxBytes()
        .input("x", 1, 3, 8, 8)
        .weight("w", 4, 3, 1, 1)
        .node("Conv", "/conv/Conv", List.of("x", "w"), List.of("c"))
        .nodeInDomain("com.microsoft", "FusedGelu", "/act/FusedGelu", "c", "y")
        .output("y")
        .bytes();
    assertThatThrownBy(() -> OnnxImporter.read(model, "m.onnx"))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("m.onnx: node 'FusedGelu_1' (/act/FusedGelu): operator 'com.microsoft.FusedGelu' is not supported");
  }

  /** docs/onnx.md lists exactly the supported operators. */
  @Test
  void docsListTheSupportedOperators() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "onnx.md"));
    int start = doc.indexOf("**Supported operators**");
    String list = doc.substring(doc.indexOf(":\n", start) + 2, doc.indexOf(".\n", start));
    List<String> documented = Arrays.stream(list.split(",")).map(String::strip).toList();
    assertThat(documented).containsExactlyElementsOf(OnnxImporter.supportedOperators());
  }

  @Test
  void truncatedFileIsAClearError() throws IOException {
    byte[] full = Files.readAllBytes(GroundTruth.onnxFile("resnet18"));
    byte[] half = Arrays.copyOf(full, full.length / 2);
    assertThatThrownBy(() -> OnnxImporter.read(half, "resnet18.onnx"))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("resnet18.onnx: ")
        .hasMessageContaining("truncated")
        .hasMessageContaining("onnx.ModelProto");
  }

  @Test
  void nonOnnxFilesAreClearErrors(@TempDir Path dir) throws IOException {
    // a JSON file, plain text, and an empty file
    Path json = GroundTruth.sharedDir().resolve("models/onnx/resnet18.layers.json");
    assertThatThrownBy(() -> OnnxImporter.read(json))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith(json + ": is not an ONNX model");
    byte[] text = "hello, this is not a model\n".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> OnnxImporter.read(text, "notes.txt"))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("notes.txt: is not an ONNX model");
    Path empty = dir.resolve("empty.onnx");
    Files.write(empty, new byte[0]);
    assertThatThrownBy(() -> OnnxImporter.read(empty))
        .isInstanceOf(InputException.class)
        .hasMessage(empty + ": is not an ONNX model: it holds no graph with nodes"
            + " (expected a serialized onnx.ModelProto, e.g. from torch.onnx.export)");
    assertThatThrownBy(() -> OnnxImporter.read(dir.resolve("absent.onnx")))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("absent.onnx: no such file");
  }

  @Test
  void convWithANonConstantWeightIsRejected() {
    byte[] model = new OnnxBytes()
        .input("x", 1, 3, 8, 8)
        .input("w", 4, 3, 1, 1)
        .node("Conv", "/conv/Conv", List.of("x", "w"), List.of("y"))
        .output("y")
        .bytes();
    // a weight given as a graph input is an activation; its leading 4 is read as a batch, which is not 1
    assertThatThrownBy(() -> OnnxImporter.read(model, "m.onnx"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("graph input 'w'")
        .hasMessageContaining("export with batch 1");
    byte[] model2 = new OnnxBytes()
        .input("x", 1, 3, 8, 8)
        .node("Sigmoid", "/gate/Sigmoid", "x", "s")
        .node("Mul", "/gate/Mul", List.of("s", "x"), List.of("sx"))
        .node("Conv", "/conv/Conv", List.of("x", "sx"), List.of("y"))
        .output("y")
        .bytes();
    assertThatThrownBy(() -> OnnxImporter.read(model2, "m.onnx"))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("m.onnx: node 'Conv_2' (/conv/Conv): Conv weight 'sx' is not a constant");
  }

  @Test
  void symbolicBatchIsReadAsOne() {
    byte[] model = new OnnxBytes()
        .input("x", null, 3L, 8L, 8L)
        .weight("w", 4, 3, 1, 1)
        .node("Conv", "/conv/Conv", List.of("x", "w"), List.of("y"))
        .output("y")
        .bytes();
    Network n = OnnxImporter.read(model, "m.onnx");
    assertThat(shape(n, "x")).containsExactly(1L, 3L, 8L, 8L);
    assertThat(shape(n, "y")).containsExactly(1L, 4L, 8L, 8L);
  }

  /**
   * PyTorch-style shape arithmetic, folded by the importer: a flatten of [1, 8, 4, 4] to
   * [n, c/2, -1] = [1, 4, 32] built from Shape/Gather/Div/Unsqueeze/Concat, a Linear (MatMul with a
   * constant [32, 16]) on it, an attention product, and a class token expanded with
   * ConstantOfShape/Mul/Equal/Where (as torch exports {@code expand(n, -1, -1)}) and concatenated.
   */
  @Test
  void foldsShapeArithmeticOnConstants() {
    byte[] model = new OnnxBytes()
        .input("x", 1, 8, 4, 4)
        .weight("w", 8, 8, 1, 1)
        .weight("lin", 32, 16)
        .weight("cls", 1, 1, 16)
        .ints("zero", new long[0], 0)
        .ints("one", new long[0], 1)
        .ints("two", new long[0], 2)
        .node("Conv", "/conv/Conv", List.of("x", "w"), List.of("y"))
        .node("Shape", "/Shape", "y", "s")
        .node("Gather", "/Gather", List.of("s", "zero"), List.of("n"), attr("axis", 0))
        .node("Gather", "/Gather_1", List.of("s", "one"), List.of("c"), attr("axis", 0))
        .node("Div", "/Div", List.of("c", "two"), List.of("half"))
        .node("Constant", "/Constant", List.of(), List.of("axes0"), OnnxBytes.tensor("value", new long[] {1}, 0))
        .node("Unsqueeze", "/Unsqueeze", List.of("n", "axes0"), List.of("n1"))
        .node("Unsqueeze", "/Unsqueeze_1", List.of("half", "axes0"), List.of("h1"))
        .node("Constant", "/Constant_1", List.of(), List.of("minus1"), OnnxBytes.tensor("value", new long[] {1}, -1))
        .node("Concat", "/Concat", List.of("n1", "h1", "minus1"), List.of("target"), attr("axis", 0))
        .node("Reshape", "/Reshape", List.of("y", "target"), List.of("t"))
        .node("MatMul", "/proj/MatMul", List.of("t", "lin"), List.of("q"))
        .node("Transpose", "/attn/Transpose", "q", "kt", ints("perm", 0, 2, 1))
        .node("MatMul", "/attn/MatMul", List.of("q", "kt"), List.of("a"))
        // class token: shape [1, -1, -1] -> Where(shape == -1, 1, shape) = [1, 1, 1]
        .node("Constant", "/Constant_2", List.of(), List.of("three"), OnnxBytes.tensor("value", new long[] {1}, 3))
        .node("ConstantOfShape", "/ConstantOfShape", List.of("three"), List.of("ones"),
            OnnxBytes.tensor("value", new long[] {1}, 1))
        .node("Constant", "/Constant_3", List.of(), List.of("req"), OnnxBytes.tensor("value", new long[] {3}, 1, -1, -1))
        .node("Mul", "/Mul", List.of("ones", "minus1"), List.of("neg"))
        .node("Equal", "/Equal", List.of("req", "neg"), List.of("eq"))
        .node("Where", "/Where", List.of("eq", "ones", "req"), List.of("shp"))
        .node("Expand", "/Expand", List.of("cls", "shp"), List.of("tok"))
        .node("Concat", "/Concat_1", List.of("tok", "q"), List.of("seq"), attr("axis", 1))
        .node("Softmax", "/Softmax", "seq", "out", attr("axis", -1))
        .output("a")
        .output("out")
        .bytes();
    Network n = OnnxImporter.read(model, "m.onnx", ShapeSource.INFERENCE);
    assertThat(shape(n, "t")).containsExactly(1L, 4L, 32L); // [1, 8/2, 8*4*4/4]
    assertThat(shape(n, "q")).containsExactly(1L, 4L, 16L);
    assertThat(shape(n, "a")).containsExactly(1L, 4L, 4L);
    assertThat(shape(n, "seq")).containsExactly(1L, 5L, 16L);
    assertThat(n.tensor("tok")).isEqualTo(new TensorDecl("tok", List.of(1L, 1L, 16L), true));
    // shape arithmetic is folded away: only data operators remain
    assertThat(n.operators()).extracting(Operator::opType)
        .containsExactly("Conv", "Reshape", "MatMul", "Transpose", "MatMul", "Concat", "Softmax");
    assertThat(n.operators().get(1)).isEqualTo(View.of("Reshape", "Reshape", "y", "t"));
    assertThat(n.operators().get(2)).isEqualTo(new Dense("proj", "MatMul", "t", "q", 32, 16, false));
    // attention: output [1, 4, 4] x inner 16 = 256 MACs
    assertThat(n.operators().get(4)).isEqualTo(new VectorOp("attn/MatMul", "MatMul", List.of("q", "kt"), List.of("a"), 256));
    assertThat(n.operators().get(5)).isEqualTo(new View("Concat_1", "Concat", List.of("tok", "q"), "seq"));
    StageGraph g = StageGraph.of(n);
    assertThat(g.stages()).extracting(s -> s.name()).containsExactly("conv", "proj");
    assertThat(g.stage(1).attentionMacs()).isEqualTo(256);
  }

  /** Opset 11 forms: Squeeze/Unsqueeze/Split/ReduceMean axes as attributes, Pad and Resize with inputs. */
  @Test
  void opset11AttributeForms() {
    byte[] model = new OnnxBytes()
        .opset(11)
        .input("x", 1, 4, 6, 6)
        .weight("w", 4, 4, 3, 3)
        .ints("pads", new long[] {8}, 0, 0, 1, 1, 0, 0, 1, 1)
        .node("Unsqueeze", "/u/Unsqueeze", "x", "u", ints("axes", 0))
        .node("Squeeze", "/s/Squeeze", "u", "s", ints("axes", 0))
        .node("Conv", "/conv/Conv", List.of("s", "w"), List.of("c"), ints("pads", 0, 0, 0, 0))
        .node("Split", "/split/Split", List.of("c"), List.of("c1", "c3"), attr("axis", 1), ints("split", 1, 3))
        .node("Pad", "/pad/Pad", List.of("c1", "pads"), List.of("p"))
        .node("Constant", "/Constant", List.of(), List.of("roi"), OnnxBytes.floatTensor("value", new long[] {0}))
        .node("Constant", "/Constant_1", List.of(), List.of("scales"), OnnxBytes.floatTensor("value", new long[] {4}, 1, 1, 2, 2))
        .node("Resize", "/up/Resize", List.of("p", "roi", "scales"), List.of("r"), attr("mode", "nearest"))
        .node("ReduceMean", "/mean/ReduceMean", "c3", "m", ints("axes", 2, 3), attr("keepdims", 1))
        .node("MaxPool", "/pool/MaxPool", List.of("c3"), List.of("mp", "idx"), ints("kernel_shape", 3, 3),
            ints("strides", 2, 2), attr("ceil_mode", 1))
        .output("r")
        .output("m")
        .output("mp")
        .bytes();
    Network n = OnnxImporter.read(model, "m.onnx", ShapeSource.INFERENCE);
    assertThat(shape(n, "u")).containsExactly(1L, 1L, 4L, 6L, 6L);
    assertThat(shape(n, "c")).containsExactly(1L, 4L, 4L, 4L); // 6 - 3 + 1
    assertThat(shape(n, "c1")).containsExactly(1L, 1L, 4L, 4L);
    assertThat(shape(n, "c3")).containsExactly(1L, 3L, 4L, 4L);
    assertThat(shape(n, "p")).containsExactly(1L, 1L, 6L, 6L); // 4 + 1 + 1
    assertThat(shape(n, "r")).containsExactly(1L, 1L, 12L, 12L); // 6 * 2
    assertThat(shape(n, "m")).containsExactly(1L, 3L, 1L, 1L);
    // ceil((4 - 3) / 2) + 1 = 2; the last window starts at 2 < 4, so it stays
    assertThat(shape(n, "mp")).containsExactly(1L, 3L, 2L, 2L);
    // the unused Indices output is not declared
    assertThat(n.index()).doesNotContainKey("idx");
    assertThat(n.operators()).filteredOn(o -> o.opType().equals("Split")).singleElement()
        .isEqualTo(new VectorOp("split/Split", "Split", List.of("c"), List.of("c1", "c3"), 0));
  }

  /** Opset 17: LayerNormalization, Squeeze/Unsqueeze with axes inputs, Gemm with transA. */
  @Test
  void opset17AndTransposedGemmOperand() {
    byte[] model = new OnnxBytes()
        .opset(17)
        .input("x", 1, 6)
        .weight("g", 6)
        .weight("b", 6)
        .weight("w", 6, 3)
        .ints("ax", new long[] {1}, 0)
        .node("LayerNormalization", "/ln/LayerNormalization", List.of("x", "g", "b"), List.of("l"), attr("axis", -1))
        .node("Transpose", "/Transpose", "l", "lt")
        .node("Gemm", "/head/Gemm", List.of("lt", "w"), List.of("y"), attr("transA", 1))
        .node("Unsqueeze", "/Unsqueeze", List.of("y", "ax"), List.of("y3"))
        .node("Squeeze", "/Squeeze", List.of("y3", "ax"), List.of("out"))
        .output("out")
        .bytes();
    Network n = OnnxImporter.read(model, "m.onnx", ShapeSource.INFERENCE);
    // lt is [6, 1]; with transA the Gemm computes lt^T [1, 6] x w [6, 3] = [1, 3]
    assertThat(shape(n, "lt")).containsExactly(6L, 1L);
    assertThat(shape(n, "y")).containsExactly(1L, 3L);
    assertThat(shape(n, "y3")).containsExactly(1L, 1L, 3L);
    assertThat(shape(n, "out")).containsExactly(1L, 3L);
    Operator t = n.operators().get(2);
    assertThat(t).isInstanceOf(View.class);
    assertThat(t.opType()).isEqualTo("Transpose");
    assertThat(t.inputs()).containsExactly("lt");
    String transposed = t.outputs().get(0);
    assertThat(shape(n, transposed)).containsExactly(1L, 6L);
    assertThat(n.operators().get(3)).isEqualTo(new Dense("head", "Gemm", transposed, "y", 6, 3, false));
    assertThat(n.operators().get(0)).isEqualTo(VectorOp.of("ln/LayerNormalization", "LayerNormalization", "x", "l"));
  }

  @Test
  void matMulWithAConstantLeftOperand() {
    byte[] model = new OnnxBytes()
        .input("x", 1, 6, 7)
        .weight("w", 5, 6)
        .node("MatMul", "/mix/MatMul", List.of("w", "x"), List.of("y"))
        .output("y")
        .bytes();
    Network n = OnnxImporter.read(model, "m.onnx");
    // [5, 6] x [1, 6, 7] = [1, 5, 7]; H = 6 rows, W = 5 columns, P = 35 / 5 = 7 MVMs
    assertThat(n.operators()).containsExactly(new Dense("mix", "MatMul", "x", "y", 6, 5, true));
    assertThat(StageGraph.of(n).stage(0).mvmsPerImage()).isEqualTo(7);
  }

  @Test
  void valueInfoSuppliesShapesThatInferenceCannotFold() {
    // the Reshape target comes from a graph input's values: only value_info knows the result
    byte[] model = new OnnxBytes()
        .input("x", 1, 4, 2, 2)
        .input("target", 1, 2)
        .weight("w", 4, 4, 1, 1)
        .node("Conv", "/conv/Conv", List.of("x", "w"), List.of("c"))
        .node("Reshape", "/Reshape", List.of("c", "target"), List.of("y"))
        .valueInfo("y", 1, 16)
        .output("y")
        .bytes();
    Network n = OnnxImporter.read(model, "m.onnx", ShapeSource.VALUE_INFO);
    assertThat(shape(n, "y")).containsExactly(1L, 16L);
    assertThatThrownBy(() -> OnnxImporter.read(model, "m.onnx", ShapeSource.INFERENCE))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("m.onnx: node 'Reshape_1' (/Reshape): cannot infer the shape of output 'y'");
  }

  @Test
  void modulePathsFollowPyTorchScopes() {
    assertThat(OnnxImporter.modulePath("/layer1/layer1.0/conv1/Conv")).isEqualTo("layer1.0.conv1");
    assertThat(OnnxImporter.modulePath("/features/features.1/conv/conv.0/conv.0.0/Conv")).isEqualTo("features.1.conv.0.0");
    assertThat(OnnxImporter.modulePath("/encoder/layers/encoder_layer_0/mlp/mlp.0/MatMul"))
        .isEqualTo("encoder.layers.encoder_layer_0.mlp.0");
    assertThat(OnnxImporter.modulePath("/Flatten")).isEmpty();
    assertThat(OnnxImporter.modulePath("Conv_0")).isNull();
  }

  /** nn.MultiheadAttention without biases: in_proj is named after its module's out_proj. */
  @Test
  void multiheadAttentionProjectionsWithoutBias() {
    byte[] model = new OnnxBytes()
        .input("x", 1, 4, 8)
        .weight("onnx::MatMul_99", 8, 24)
        .weight("enc.attn.out_proj.weight", 8, 8)
        .node("MatMul", "/enc/attn/MatMul", List.of("x", "onnx::MatMul_99"), List.of("qkv"))
        .node("Reshape", "/enc/attn/Reshape", List.of("qkv", "flat"), List.of("q2"))
        .node("Gemm", "/enc/attn/Gemm", List.of("q2", "enc.attn.out_proj.weight"), List.of("y"), attr("transB", 1))
        .ints("flat", new long[] {2}, 12, 8)
        .output("y")
        .bytes();
    Network n = OnnxImporter.read(model, "m.onnx");
    assertThat(n.weightedOperators()).extracting(Operator::name).containsExactly("enc.attn.in_proj", "enc.attn.out_proj");
  }

  @Test
  void duplicateNamesGetSuffixes() {
    byte[] model = new OnnxBytes()
        .input("x", 1, 3, 4, 4)
        .weight("w", 3, 3, 1, 1)
        .weight("w2", 3, 3, 1, 1)
        .node("Conv", "/block/Conv", List.of("x", "w"), List.of("a"))
        .node("Conv", "/block/Conv_1", List.of("a", "w2"), List.of("b"))
        .node("Relu", "", "b", "y")
        .output("y")
        .bytes();
    Network n = OnnxImporter.read(model, "m.onnx");
    assertThat(n.operators()).extracting(Operator::name).containsExactly("block", "block_2", "Relu_2");
  }

  @Test
  void supportedOperatorsIncludeTheSharedModelsOperators() {
    assertThat(OnnxImporter.supportedOperators()).contains("Conv", "Gemm", "MatMul", "Relu", "Clip", "MaxPool",
        "AveragePool", "GlobalAveragePool", "Flatten", "Concat", "Add", "Constant", "Reshape", "Transpose", "Slice",
        "Gather", "Shape", "Expand", "ReduceMean", "Sub", "Pow", "Sqrt", "Div", "Mul", "Erf", "Softmax", "Equal",
        "Where", "ConstantOfShape");
  }
}
