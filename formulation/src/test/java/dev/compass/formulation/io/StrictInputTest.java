package dev.compass.formulation.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedInputStream;
import dev.compass.formulation.GroundTruth;
import dev.compass.formulation.InputException;
import dev.compass.formulation.graph.StageGraph;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.mapping.Mapping;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.onnx.OnnxImporter;
import dev.compass.formulation.zoo.ModelZoo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, classes 1 and 2 at the library level: formats are strict, counts cannot overflow, and
 * every message names the file, the field and the value as written.
 */
class StrictInputTest {
  @TempDir Path tmp;

  /** The tiny preset's numbers, without provenance. */
  static final String HW = """
      {
        "name": "h",
        "cores": 2, "arraysPerCore": 2, "rows": 16, "cols": 16,
        "cellBits": 1, "weightBits": 4, "activationBits": 4, "psumBits": 16, "dacBits": 1,
        "tStep": 2e-8, "tRow": 2e-9, "bwDram": 25.6e9, "eDram": 1.2e-10, "eStep": 3e-10, "eRow": 5e-12,
        "pStatic": 0.0008, "vecMacRate": 32e9, "eVecMac": 1e-12, "allocation": "ARRAY"
      }
      """;

  /** A conv (8x8, 3 to 4 channels, pad 1) and an fc from 256 to 10. */
  static final String NET = """
      {"name": "n", "inputs": ["x"], "outputs": ["y"],
       "tensors": [{"name": "x", "shape": [1, 3, 8, 8]}, {"name": "c", "shape": [1, 4, 8, 8]},
                   {"name": "f", "shape": [1, 256]}, {"name": "y", "shape": [1, 10]}],
       "operators": [
         {"op": "Conv", "name": "conv", "input": "x", "output": "c", "outChannels": 4, "kernel": [3, 3], "pads": [1, 1, 1, 1]},
         {"op": "Flatten", "name": "flat", "inputs": ["c"], "output": "f"},
         {"op": "Gemm", "name": "fc", "input": "f", "output": "y", "inFeatures": 256, "outFeatures": 10}]}
      """;

  static final String PLAN = "{\"partitions\": [{\"firstUnit\": 0, \"lastUnit\": 3, \"replication\": {\"conv\": 1}}]}";

  private static String hwError(String text) {
    return message(() -> Json.readHardware(text, "hw.json"));
  }

  private static String netError(String text) {
    return message(() -> Json.readNetwork(text, "net.json"));
  }

  private static String planError(String text) {
    return message(() -> Json.readPlan(text, "plan.json"));
  }

  private static String message(Runnable r) {
    try {
      r.run();
    } catch (InputException e) {
      return e.getMessage();
    }
    throw new AssertionError("no InputException");
  }

  @Test
  void theValidFilesAreRead() {
    assertThat(Json.readHardware(HW, "hw.json").arrays()).isEqualTo(4);
    assertThat(Json.readNetwork(NET, "net.json").operators()).hasSize(3);
    assertThat(Json.readPlan(PLAN, "plan.json").units()).isEqualTo(4);
  }

  // ------------------------------------------------------------------ class 2: strict formats

  @Test
  void contentAfterTheJsonValueIsRejectedInEveryFormat() {
    assertThat(hwError(HW + "{}")).startsWith("hw.json: malformed JSON at line 8").endsWith("nothing after it");
    assertThat(netError(NET + " []")).startsWith("net.json: malformed JSON at line 8").endsWith("nothing after it");
    assertThat(netError(NET + " x")).startsWith("net.json: malformed JSON at line 8, column 2: Unrecognized token 'x'");
    assertThat(planError(PLAN + "\n{}")).startsWith("plan.json: malformed JSON at line 2, column ")
        .endsWith(": content after the end of the JSON value; expected one JSON object and nothing after it");
  }

  @Test
  void aMisspeltPlanFieldIsRejectedNotReadAsReplicationOne() {
    assertThat(planError(PLAN.replace("\"replication\"", "\"replicaton\""))).isEqualTo(
        "plan.json: partitions[0].replicaton: unknown field; valid fields here: [firstUnit, lastUnit, replication]"
            + " (and the cost fields of a result file, which are not read)");
    assertThat(planError("{\"partition\": [], \"partitions\": [{\"firstUnit\": 0, \"lastUnit\": 0}]}"))
        .startsWith("plan.json: partition: unknown field; valid fields here: [description, partitions]");
  }

  @Test
  void aNumberWhereAStringBelongsIsRejected() {
    assertThat(hwError(HW.replace("\"name\": \"h\",", "\"name\": \"h\", \"description\": 42,")))
        .isEqualTo("hw.json: description: must be a non-empty string, got 42");
    assertThat(netError(NET.replace("\"name\": \"n\",", "\"name\": \"n\", \"description\": 42,")))
        .isEqualTo("net.json: description: must be a non-empty string, got 42");
    assertThat(planError(PLAN.replace("{\"partitions\"", "{\"description\": [1], \"partitions\"")))
        .isEqualTo("plan.json: description: must be a non-empty string, got [1]");
  }

  @Test
  void aBinaryFileSaysWhatItIsNotAndWhatWasExpected() throws IOException {
    Path onnxAsJson = tmp.resolve("model.json");
    Files.write(onnxAsJson, Files.readAllBytes(GroundTruth.onnxFile("alexnet")));
    assertThat(message(() -> Json.readHardware(onnxAsJson))).isEqualTo(onnxAsJson
        + ": is binary (it looks like an ONNX model), not UTF-8 text (byte 0x" + firstBadByte(onnxAsJson)
        + "); expected a hardware JSON file (docs/formats.md)");
    Path garbage = tmp.resolve("plan.json");
    Files.write(garbage, new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'});
    assertThat(message(() -> Json.readPlan(garbage)))
        .isEqualTo(garbage + ": is not UTF-8 text (byte 0xff at offset 1); expected a plan JSON file (docs/formats.md)");
    assertThat(message(() -> Json.readNetwork(tmp))).isEqualTo(tmp + ": is a directory; expected a network JSON file"
        + " (docs/formats.md; an ONNX model needs the .onnx extension)");
  }

  /** The first byte of the file that is not UTF-8 (or a NUL), found independently of Json. */
  private static String firstBadByte(Path f) throws IOException {
    byte[] b = Files.readAllBytes(f);
    String s = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    for (int i = 0; i < b.length; i++) {
      int v = b[i] & 0xff;
      if (v == 0 || v >= 0x80) {
        // a valid 2-byte sequence is 110xxxxx 10xxxxxx: check it rather than trust a decoder
        if (v >= 0xc2 && v <= 0xdf && i + 1 < b.length && (b[i + 1] & 0xc0) == 0x80) {
          i++;
          continue;
        }
        return String.format("%02x at offset %d", v, i);
      }
    }
    throw new AssertionError("all ASCII: " + s.length());
  }

  @Test
  void convTransposeIsNamedAsUnsupported() {
    String text = NET.replace("{\"op\": \"Conv\", \"name\": \"conv\"", "{\"op\": \"ConvTranspose\", \"name\": \"conv\"");
    assertThat(netError(text)).isEqualTo("net.json: operators[0].op: ConvTranspose is not supported; the weighted operators"
        + " are Conv, Gemm, MatMul and Linear (docs/formats.md)");
  }

  @Test
  void valuesAreQuotedAsWrittenNotCut() {
    assertThat(planError(PLAN.replace("\"lastUnit\": 3", "\"lastUnit\": 9223372036854775807")))
        .isEqualTo("plan.json: partitions[0].lastUnit: must be a unit index from 0 to 2147483647, got 9223372036854775807");
    assertThat(planError(PLAN.replace("\"conv\": 1", "\"conv\": 4294967296")))
        .isEqualTo("plan.json: partitions[0].replication.conv: must be an integer from 1 to 2147483647, got 4294967296");
    assertThat(netError(NET.replace("\"kernel\": [3, 3]", "\"kernel\": [3, 4294967299]")))
        .isEqualTo("net.json: operators[0].kernel[1]: is 4294967299, out of range; expected an integer of at most 2147483647");
    assertThat(hwError(HW.replace("\"rows\": 16", "\"rows\": 9223372036854775807")))
        .isEqualTo("hw.json: rows: must be a positive integer, got 9223372036854775807");
  }

  @Test
  void aTruncatedOnnxFileIsReportedAsTruncatedWhereverItIsCut() throws IOException {
    byte[] full = Files.readAllBytes(GroundTruth.onnxFile("alexnet"));
    // cut at the start of the top-level opset_import field (8): every field before it is whole
    int cut = topLevelFieldStart(full, 8);
    assertThat(cut).isPositive();
    assertThat(message(() -> OnnxImporter.read(Arrays.copyOf(full, cut), "alexnet.onnx")))
        .startsWith("alexnet.onnx: declares no opset of the default ONNX domain (opset_import): the file is truncated");
    assertThat(message(() -> OnnxImporter.read(Arrays.copyOf(full, full.length / 3), "alexnet.onnx")))
        .startsWith("alexnet.onnx: is truncated: it ends in the middle of a protobuf field after ");
  }

  /** The offset where the first top-level field {@code number} starts (a protobuf walk independent of the importer). */
  private static int topLevelFieldStart(byte[] bytes, int number) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    while (true) {
      int at = in.getTotalBytesRead();
      int tag = in.readTag();
      if (tag == 0) return -1;
      if (tag >>> 3 == number) return at;
      in.skipField(tag);
    }
  }

  // ------------------------------------------------------------------ class 1: no overflow, finite values

  @Test
  void aChipWithMoreArraysThanAnIntIsRejectedNotNegative() {
    assertThat(hwError(HW.replace("\"cores\": 2, \"arraysPerCore\": 2", "\"cores\": 50000, \"arraysPerCore\": 50000")))
        .isEqualTo("hw.json: arraysPerCore: cores x arraysPerCore = 50000 x 50000 = 2500000000 arrays, more than the"
            + " limit 2147483647 (2^31 - 1)");
    assertThat(hwError(HW.replace("\"cores\": 2, \"arraysPerCore\": 2", "\"cores\": 65536, \"arraysPerCore\": 65536")))
        .contains("= 4294967296 arrays, more than the limit");
  }

  @Test
  void hugeOrTinyRealValuesAreRejectedWithTheRange() {
    assertThat(hwError(HW.replace("\"tStep\": 2e-8", "\"tStep\": 1e308"))).isEqualTo("hw.json: tStep: is 1.0E308,"
        + " outside the accepted range [1e-30, 1e30] (SI units: seconds, joules, bytes/s, watts)");
    assertThat(hwError(HW.replace("\"bwDram\": 25.6e9", "\"bwDram\": 1e-300"))).startsWith("hw.json: bwDram: is 1.0E-300,"
        + " outside the accepted range");
    assertThat(hwError(HW.replace("\"weightBits\": 4", "\"weightBits\": 128")))
        .isEqualTo("hw.json: weightBits: must be at most 64 bits, got 128");
    // a zero energy stays valid
    assertThat(Json.readHardware(HW.replace("\"eRow\": 5e-12", "\"eRow\": 0"), "hw.json").eRow()).isZero();
  }

  @Test
  void macsThatOverflowNameTheOperatorAndTheLimit() {
    // fc: 2^31 in x 2^31 out = 2^62 weights > 2^53
    String text = NET.replace("{\"name\": \"f\", \"shape\": [1, 256]}", "{\"name\": \"f\", \"shape\": [1, 2147483648]}")
        .replace("{\"name\": \"y\", \"shape\": [1, 10]}", "{\"name\": \"y\", \"shape\": [1, 2147483648]}")
        .replace("\"inFeatures\": 256, \"outFeatures\": 10", "\"inFeatures\": 2147483648, \"outFeatures\": 2147483648")
        .replace("{\"name\": \"c\", \"shape\": [1, 4, 8, 8]}", "{\"name\": \"c\", \"shape\": [1, 33554432, 8, 8]}")
        .replace("\"outChannels\": 4", "\"outChannels\": 33554432");
    assertThat(netError(text)).isEqualTo("net.json: operators[2] (fc): has 4611686018427387904 weights, more than the"
        + " limit 9007199254740992 (2^53)");
  }

  @Test
  void aProblemWhoseTablesCannotFitIsRefusedUpFrontWithItsSize() {
    Network net = ModelZoo.build("resnet18");
    StageGraph g = StageGraph.of(net);
    int units = Mapping.of(g, HardwarePresets.get("tiny")).units();
    assertThat(Mapping.of(g, HardwarePresets.get("tiny"), units).units()).isEqualTo(units);
    assertThatThrownBy(() -> Mapping.of(g, HardwarePresets.get("tiny"), units - 1))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("network 'resnet18' on hardware 'tiny': maps onto " + String.format("%,d", units)
            + " units (array groups), more than the " + String.format("%,d", units - 1) + " whose tables fit in memory")
        .hasMessageContaining("use larger arrays (rows, cols) or more arrays per core");
  }

  @Test
  void aKernelLargerThanItsInputSaysSoInsteadOfANegativeShape() {
    assertThat(netError(NET.replace("\"kernel\": [3, 3]", "\"kernel\": [3, 2147483647]"))).isEqualTo("net.json: operators[0]"
        + " (conv): the kernel [3, 2147483647] with dilation [1, 1] is larger than the input [1, 3, 8, 8] padded by"
        + " [1, 1, 1, 1], so the convolution has no output");
  }
}
