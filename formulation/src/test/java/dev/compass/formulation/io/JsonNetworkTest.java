package dev.compass.formulation.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.compass.formulation.InputException;
import dev.compass.formulation.network.Conv;
import dev.compass.formulation.network.Dense;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.network.Operator;
import dev.compass.formulation.network.VectorOp;
import dev.compass.formulation.network.View;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading network files (the format of docs/formats.md): a valid file, and every kind of bad input
 * of the issue "Foundation", item 6, each a one-line message naming the file, the path and the value.
 */
class JsonNetworkTest {
  private static final String SRC = "net.json";

  /**
   * conv1 3x3 pad 1 keeps 8x8; conv2 is depthwise 3x3 stride 2 pad 1: floor((8 + 2 - 2 - 1) / 2) + 1 = 4;
   * flatten gives 4*4*4 = 64 features; fc 64 -> 10.
   */
  static final String VALID = """
      {
        "name": "tiny-cnn",
        "inputs": ["x"],
        "outputs": ["y"],
        "tensors": [
          {"name": "x",  "shape": [1, 3, 8, 8]},
          {"name": "c1", "shape": [1, 4, 8, 8]},
          {"name": "r1", "shape": [1, 4, 8, 8]},
          {"name": "c2", "shape": [1, 4, 4, 4]},
          {"name": "f",  "shape": [1, 64]},
          {"name": "y",  "shape": [1, 10]}
        ],
        "operators": [
          {"op": "Conv", "name": "conv1", "input": "x", "output": "c1", "outChannels": 4, "kernel": [3, 3], "pads": [1, 1, 1, 1]},
          {"op": "Relu", "name": "relu1", "inputs": ["c1"], "outputs": ["r1"]},
          {"op": "Conv", "name": "conv2", "input": "r1", "output": "c2", "outChannels": 4, "kernel": [3, 3],
           "stride": [2, 2], "pads": [1, 1, 1, 1], "groups": 4},
          {"op": "Flatten", "name": "flatten", "inputs": ["c2"], "output": "f"},
          {"op": "Gemm", "name": "fc", "input": "f", "output": "y", "inFeatures": 64, "outFeatures": 10}
        ]
      }
      """;

  private static String validWith(Consumer<ObjectNode> edit) {
    ObjectNode n = (ObjectNode) Json.parse(VALID, "valid");
    edit.accept(n);
    return Json.toJson(n);
  }

  private static ObjectNode op(ObjectNode root, int i) {
    return (ObjectNode) root.get("operators").get(i);
  }

  private static ObjectNode tensor(ObjectNode root, int i) {
    return (ObjectNode) root.get("tensors").get(i);
  }

  private static String error(String text) {
    try {
      Json.readNetwork(text, SRC);
    } catch (InputException e) {
      assertThat(e.getMessage()).doesNotContain("\n").startsWith(SRC + ": ");
      return e.getMessage();
    }
    throw new AssertionError("expected an InputException");
  }

  @Test
  void readsTheValidNetwork() {
    Network net = Json.readNetwork(VALID, SRC);
    assertThat(net.name()).isEqualTo("tiny-cnn");
    assertThat(net.weightedOperators()).extracting(Operator::name).containsExactly("conv1", "conv2", "fc");
    Conv conv2 = (Conv) net.operators().get(2);
    assertThat(conv2.groups()).isEqualTo(4);
    assertThat(conv2.stride()).containsExactly(2, 2);
    assertThat(conv2.dilation()).as("default").containsExactly(1, 1);
    Conv conv1 = (Conv) net.operators().get(0);
    assertThat(conv1.stride()).as("default").containsExactly(1, 1);
    assertThat(conv1.groups()).as("default").isEqualTo(1);
    assertThat(net.operators().get(1)).isEqualTo(VectorOp.of("relu1", "Relu", "c1", "r1"));
    assertThat(net.operators().get(3)).isEqualTo(View.of("flatten", "Flatten", "c2", "f"));
    assertThat(net.operators().get(4)).isEqualTo(Dense.linear("fc", "f", "y", 64, 10));
  }

  @Test
  void writeThenReadGivesTheSameNetwork(@TempDir Path tmp) throws IOException {
    Network net = Json.readNetwork(VALID, SRC);
    Path f = tmp.resolve("again.json");
    Files.writeString(f, Json.writeNetwork(net));
    assertThat(Json.readNetwork(f)).isEqualTo(net);
  }

  @Test
  void constantLeftMatMulAndAttentionMacsAreRead() {
    String text = """
        {"name": "t", "inputs": ["x"], "outputs": ["z"],
         "tensors": [{"name": "x", "shape": [1, 6, 5]}, {"name": "y", "shape": [1, 3, 5]},
                     {"name": "k", "shape": [1, 5, 3], "constant": true}, {"name": "z", "shape": [1, 3, 3]}],
         "operators": [
           {"op": "MatMul", "name": "left", "input": "x", "output": "y", "inFeatures": 6, "outFeatures": 3, "constantLeft": true},
           {"op": "MatMul", "name": "att", "inputs": ["y", "k"], "outputs": ["z"], "macs": 45}
         ]}
        """;
    Network net = Json.readNetwork(text, SRC);
    assertThat(net.operators().get(0)).isEqualTo(new Dense("left", "MatMul", "x", "y", 6, 3, true));
    // [3 x 5] x [5 x 3]: 3 * 3 * 5 = 45 MACs
    assertThat(((VectorOp) net.operators().get(1)).macs()).isEqualTo(45);
    assertThat(net.tensor("k").constant()).isTrue();
  }

  // ------------------------------------------------------------- item 6: bad input, one case each

  @Test
  void malformedJsonGivesLineAndColumn() {
    // line 2 is `  "inputs": ["x"]` with the comma missing; the parser stops at the next line's first quote,
    // line 3 column 3 (after two spaces)
    String text = "{\n  \"inputs\": [\"x\"]\n  \"outputs\": [\"y\"]\n}";
    assertThat(error(text)).startsWith(SRC + ": malformed JSON at line 3, column 3: Unexpected character");
  }

  @Test
  void unknownTopLevelFieldIsNamed() {
    assertThat(error(validWith(n -> n.putArray("layers"))))
        .isEqualTo(SRC + ": layers: unknown field; valid fields here: [description, inputs, name, operators, outputs, tensors]");
  }

  @Test
  void unknownOperatorFieldIsNamed() {
    assertThat(error(validWith(n -> op(n, 0).put("kernal", 3))))
        .startsWith(SRC + ": operators[0].kernal: unknown field; valid fields here: [")
        .contains("kernel");
  }

  @Test
  void unknownTensorFieldIsNamed() {
    assertThat(error(validWith(n -> tensor(n, 1).put("dtype", "float32"))))
        .isEqualTo(SRC + ": tensors[1].dtype: unknown field; valid fields here: [constant, name, shape]");
  }

  @Test
  void zeroDimensionIsNamed() {
    assertThat(error(validWith(n -> ((ArrayNode) tensor(n, 1).get("shape")).set(2, 0))))
        .isEqualTo(SRC + ": tensors[1].shape[2]: must be a positive dimension, got 0");
  }

  @Test
  void negativeDimensionIsNamed() {
    assertThat(error(validWith(n -> ((ArrayNode) tensor(n, 4).get("shape")).set(1, -64))))
        .isEqualTo(SRC + ": tensors[4].shape[1]: must be a positive dimension, got -64");
  }

  @Test
  void zeroOrNegativeOperatorSizesAreNamed() {
    assertThat(error(validWith(n -> op(n, 0).put("outChannels", 0))))
        .isEqualTo(SRC + ": operators[0].outChannels: must be positive, got 0");
    assertThat(error(validWith(n -> ((ArrayNode) op(n, 0).get("kernel")).set(1, 0))))
        .isEqualTo(SRC + ": operators[0].kernel[1]: must be >= 1, got 0");
    assertThat(error(validWith(n -> ((ArrayNode) op(n, 2).get("stride")).set(0, -2))))
        .isEqualTo(SRC + ": operators[2].stride[0]: must be >= 1, got -2");
    assertThat(error(validWith(n -> ((ArrayNode) op(n, 0).get("pads")).set(3, -1))))
        .isEqualTo(SRC + ": operators[0].pads[3]: must be >= 0, got -1");
    assertThat(error(validWith(n -> op(n, 4).put("outFeatures", -10))))
        .isEqualTo(SRC + ": operators[4].outFeatures: must be positive, got -10");
    assertThat(error(validWith(n -> op(n, 1).put("macs", -1))))
        .isEqualTo(SRC + ": operators[1].macs: must be >= 0, got -1");
  }

  @Test
  void convShapesThatDoNotConnectAreNamed() {
    // conv1 with pads 0: 8 - 3 + 1 = 6, but c1 is declared 8x8
    assertThat(error(validWith(n -> op(n, 0).putArray("pads").add(0).add(0).add(0).add(0))))
        .isEqualTo(SRC + ": operators[0] (conv1): output 'c1' has shape [1, 4, 8, 8] but input [1, 3, 8, 8] with kernel [3, 3],"
            + " stride [1, 1], pads [0, 0, 0, 0], dilation [1, 1] gives [1, 4, 6, 6]");
  }

  @Test
  void channelsThatDoNotDivideIntoGroupsAreNamed() {
    assertThat(error(validWith(n -> op(n, 2).put("groups", 3))))
        .isEqualTo(SRC + ": operators[2].groups: outChannels 4 is not a multiple of groups 3");
  }

  @Test
  void denseShapesThatDoNotConnectAreNamed() {
    assertThat(error(validWith(n -> op(n, 4).put("inFeatures", 63))))
        .isEqualTo(SRC + ": operators[4] (fc): Gemm with 63 in / 10 out features cannot map input [1, 64] to output [1, 10]");
  }

  @Test
  void viewsThatChangeTheElementCountAreNamed() {
    // flatten of [1, 4, 4, 4] = 64 elements into [1, 60]
    assertThat(error(validWith(n -> {
      ((ArrayNode) tensor(n, 4).get("shape")).set(1, 60);
      op(n, 4).put("inFeatures", 60);
    }))).isEqualTo(SRC + ": operators[3] (flatten): Flatten output 'f' has 60 elements but its inputs have 64"
        + " (a view moves no data, so they must match)");
  }

  @Test
  void operatorsOutOfOrderAreACycle() {
    ArrayNode ops = (ArrayNode) Json.parse(VALID, "v").get("operators");
    String text = validWith(n -> {
      ArrayNode o = n.putArray("operators");
      o.add(ops.get(1)).add(ops.get(0)).add(ops.get(2)).add(ops.get(3)).add(ops.get(4));
    });
    assertThat(error(text)).isEqualTo(SRC + ": operators[0] (relu1): reads tensor 'c1', written by operators[1] (conv1)"
        + " at or after it: the graph has a cycle or is not in topological order");
  }

  @Test
  void aTrueCycleIsNamed() {
    // conv1 reads r1, which relu1 computes from conv1's output
    assertThat(error(validWith(n -> op(n, 0).put("input", "r1"))))
        .isEqualTo(SRC + ": operators[0] (conv1): reads tensor 'r1', written by operators[1] (relu1)"
            + " at or after it: the graph has a cycle or is not in topological order");
  }

  @Test
  void danglingTensorsAreNamed() {
    assertThat(error(validWith(n -> op(n, 1).putArray("inputs").add("c9"))))
        .isEqualTo(SRC + ": operators[1] (relu1): reads tensor 'c9', which is not declared in tensors (dangling)");
    assertThat(error(validWith(n -> {
      ((ArrayNode) n.get("tensors")).addObject().put("name", "skip").putArray("shape").add(1).add(4).add(8).add(8);
      op(n, 1).putArray("inputs").add("c1").add("skip");
    }))).isEqualTo(SRC + ": operators[1] (relu1): reads tensor 'skip', which no operator writes and which is not"
        + " a network input or constant (dangling)");
    assertThat(error(validWith(n -> ((ArrayNode) n.get("tensors")).addObject().put("name", "spare").putArray("shape").add(1))))
        .isEqualTo(SRC + ": tensors[6]: tensor 'spare' is neither written nor read (dangling)");
    assertThat(error(validWith(n -> op(n, 3).put("output", "g"))))
        .isEqualTo(SRC + ": operators[3] (flatten): writes tensor 'g', which is not declared in tensors");
  }

  @Test
  void inputsAndOutputsMustBeDeclaredAndWritten() {
    assertThat(error(validWith(n -> n.putArray("inputs").add("img"))))
        .isEqualTo(SRC + ": inputs[0]: network input 'img' is not declared in tensors");
    assertThat(error(validWith(n -> n.putArray("outputs").add("logits"))))
        .isEqualTo(SRC + ": outputs[0]: network output 'logits' is not written by any operator");
  }

  @Test
  void aTensorWrittenTwiceIsNamed() {
    assertThat(error(validWith(n -> op(n, 1).putArray("outputs").add("c1"))))
        .isEqualTo(SRC + ": operators[1] (relu1): writes tensor 'c1', already written by operators[0] (conv1)");
  }

  @Test
  void wrongTypesAreNamedWithTheValue() {
    assertThat(error(validWith(n -> op(n, 0).put("outChannels", "4"))))
        .isEqualTo(SRC + ": operators[0].outChannels: must be an integer, got \"4\"");
    assertThat(error(validWith(n -> n.put("tensors", "x"))))
        .isEqualTo(SRC + ": tensors: must be an array, got \"x\"");
  }

  @Test
  void missingRequiredFieldsAreNamed() {
    assertThat(error(validWith(n -> op(n, 0).remove("kernel"))))
        .isEqualTo(SRC + ": operators[0].kernel: is missing; expected an array of integers");
    assertThat(error(validWith(n -> op(n, 4).remove("inFeatures"))))
        .isEqualTo(SRC + ": operators[4].inFeatures: Gemm is weighted and needs inFeatures and outFeatures");
    assertThat(error(validWith(n -> tensor(n, 0).remove("shape"))))
        .isEqualTo(SRC + ": tensors[0].shape: is missing; expected an array");
  }

  @Test
  void aNetworkWithoutWeightedOperatorsIsRejected() {
    String text = """
        {"name": "t", "inputs": ["x"], "outputs": ["y"],
         "tensors": [{"name": "x", "shape": [4]}, {"name": "y", "shape": [4]}],
         "operators": [{"op": "Relu", "name": "r", "inputs": ["x"], "outputs": ["y"]}]}
        """;
    assertThat(error(text)).isEqualTo(
        SRC + ": operators: the network has no weighted operator (Conv, Gemm/Linear or MatMul with a constant)");
  }

  @Test
  void aShapeWithTooManyElementsIsBadInputNotAnOverflow() {
    String text = validWith(n -> ((ArrayNode) tensor(n, 5).get("shape"))
        .removeAll().add(1L << 40).add(1L << 40));
    assertThat(error(text)).isEqualTo(SRC + ": tensors[5].shape: has more than 9007199254740992 (2^53) elements:"
        + " [1099511627776, 1099511627776]");
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path tmp) {
    Path f = tmp.resolve("nothing.json");
    assertThatThrownBy(() -> Json.readNetwork(f)).isInstanceOf(InputException.class).hasMessage(f + ": no such file");
  }

  @Test
  void listsAreCopied() {
    Network net = Json.readNetwork(VALID, SRC);
    assertThatThrownBy(() -> net.operators().add(net.operators().get(0))).isInstanceOf(UnsupportedOperationException.class);
    assertThat(net.inputs()).isEqualTo(List.of("x"));
  }
}
