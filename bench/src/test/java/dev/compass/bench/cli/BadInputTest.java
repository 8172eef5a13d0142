package dev.compass.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue "Foundation", item 6, through the command line: each bad file gives exit code 2 and one
 * line on stderr naming the file, the path inside it and the value, without a stack trace.
 */
class BadInputTest {
  @TempDir Path tmp;

  /** A valid network: conv 3x3 pad 1 keeps 8x8 (4 channels), relu, flatten to 256, fc to 10. */
  private static final String NET = """
      {
        "name": "n",
        "inputs": ["x"],
        "outputs": ["y"],
        "tensors": [
          {"name": "x", "shape": [1, 3, 8, 8]},
          {"name": "c", "shape": [1, 4, 8, 8]},
          {"name": "r", "shape": [1, 4, 8, 8]},
          {"name": "f", "shape": [1, 256]},
          {"name": "y", "shape": [1, 10]}
        ],
        "operators": [
          {"op": "Conv", "name": "conv", "input": "x", "output": "c", "outChannels": 4, "kernel": [3, 3], "pads": [1, 1, 1, 1]},
          {"op": "Relu", "name": "relu", "inputs": ["c"], "outputs": ["r"]},
          {"op": "Flatten", "name": "flat", "inputs": ["r"], "output": "f"},
          {"op": "Gemm", "name": "fc", "input": "f", "output": "y", "inFeatures": 256, "outFeatures": 10}
        ]
      }
      """;

  /** A valid hardware file: 2 cores x 2 arrays of 16x16 (the tiny preset's numbers), no provenance. */
  private static final String HW = """
      {
        "name": "h",
        "cores": 2, "arraysPerCore": 2, "rows": 16, "cols": 16,
        "cellBits": 1, "weightBits": 4, "activationBits": 4, "psumBits": 16, "dacBits": 1,
        "tStep": 2e-8, "tRow": 2e-9, "bwDram": 25.6e9, "eDram": 1.2e-10, "eStep": 3e-10, "eRow": 5e-12,
        "pStatic": 0.0008, "vecMacRate": 32e9, "eVecMac": 1e-12, "allocation": "ARRAY"
      }
      """;

  private Path file(String name, String text) throws IOException {
    Path f = tmp.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  /** Runs {@code compass models FILE} and returns stderr's line, checked against the bad-input contract. */
  private String network(String text) throws IOException {
    return badFile("models", "net.json", text);
  }

  /** The same for {@code compass hardware FILE}. */
  private String hardware(String text) throws IOException {
    return badFile("hardware", "hw.json", text);
  }

  /** Runs {@code compass COMMAND FILE} on {@code text}: a bad-input exit naming the file; returns the rest of the line. */
  private String badFile(String command, String name, String text) throws IOException {
    Path f = file(name, text);
    String err = Cli.run(command, f.toString()).badInput().err();
    String prefix = "compass: " + f + ": ";
    assertThat(err).as("names the file").startsWith(prefix);
    return err.substring(prefix.length()).strip();
  }

  @Test
  void theValidFilesAreAccepted() throws IOException {
    Cli.run("models", file("net.json", NET).toString()).ok();
    Cli.run("hardware", file("hw.json", HW).toString()).ok();
  }

  @Test
  void malformedJsonGivesLineAndColumn() throws IOException {
    // line 4 loses its closing bracket: `  "outputs": ["y",` then line 5 `  "tensors"` is read as an array element,
    // and the colon after it (column 12) is where the parser stops
    String text = NET.replace("\"outputs\": [\"y\"],", "\"outputs\": [\"y\",");
    assertThat(network(text)).startsWith("malformed JSON at line 5, column 12: Unexpected character (':'");
  }

  @Test
  void anUnknownFieldIsNamed() throws IOException {
    String text = NET.replace("\"outChannels\": 4,", "\"outChannels\": 4, \"bias\": true,");
    assertThat(network(text)).startsWith("operators[0].bias: unknown field; valid fields here: [dilation, groups,");
  }

  @Test
  void aZeroDimensionIsNamed() throws IOException {
    String text = NET.replace("{\"name\": \"y\", \"shape\": [1, 10]}", "{\"name\": \"y\", \"shape\": [1, 0]}");
    assertThat(network(text)).isEqualTo("tensors[4].shape[1]: must be a positive dimension, got 0");
  }

  @Test
  void aNegativeDimensionIsNamed() throws IOException {
    String text = NET.replace("{\"name\": \"c\", \"shape\": [1, 4, 8, 8]}", "{\"name\": \"c\", \"shape\": [1, 4, -8, 8]}");
    assertThat(network(text)).isEqualTo("tensors[1].shape[2]: must be a positive dimension, got -8");
  }

  @Test
  void convShapesThatDoNotConnectAreNamed() throws IOException {
    // stride 2 with pad 1: floor((8 + 2 - 3) / 2) + 1 = 4, but c is declared 8x8
    String text = NET.replace("\"kernel\": [3, 3],", "\"kernel\": [3, 3], \"stride\": [2, 2],");
    assertThat(network(text)).isEqualTo("operators[0] (conv): output 'c' has shape [1, 4, 8, 8] but input [1, 3, 8, 8]"
        + " with kernel [3, 3], stride [2, 2], pads [1, 1, 1, 1], dilation [1, 1] gives [1, 4, 4, 4]");
  }

  @Test
  void aCycleIsNamed() throws IOException {
    // conv reads r, which relu computes from conv's output
    String text = NET.replace("\"input\": \"x\", \"output\": \"c\"", "\"input\": \"r\", \"output\": \"c\"");
    assertThat(network(text)).isEqualTo("operators[0] (conv): reads tensor 'r', written by operators[1] (relu) at or"
        + " after it: the graph has a cycle or is not in topological order");
  }

  @Test
  void aDanglingTensorIsNamed() throws IOException {
    String text = NET.replace("\"inputs\": [\"c\"], \"outputs\": [\"r\"]", "\"inputs\": [\"c2\"], \"outputs\": [\"r\"]");
    assertThat(network(text)).isEqualTo("operators[1] (relu): reads tensor 'c2', which is not declared in tensors (dangling)");
  }

  @Test
  void hardwareWithAMissingNumberIsNamed() throws IOException {
    assertThat(hardware(HW.replace("\"tRow\": 2e-9, ", ""))).isEqualTo("tRow: is missing; expected a number");
  }

  @Test
  void hardwareWithANonPositiveNumberIsNamed() throws IOException {
    assertThat(hardware(HW.replace("\"rows\": 16", "\"rows\": 0"))).isEqualTo("rows: must be a positive integer, got 0");
    assertThat(hardware(HW.replace("\"bwDram\": 25.6e9", "\"bwDram\": -25.6e9")))
        .isEqualTo("bwDram: must be a positive number, got -2.56E10");
  }

  @Test
  void hardwareWithColsNotAMultipleOfSlicesIsNamed() throws IOException {
    // weightBits 4 / cellBits 1 = 4 slices; 18 columns would split a weight
    assertThat(hardware(HW.replace("\"cols\": 16", "\"cols\": 18")))
        .isEqualTo("cols: is 18, not a multiple of slices = ceil(weightBits/cellBits) = 4, so a weight would straddle"
            + " two arrays; use a multiple of 4");
  }

  @Test
  void aMissingFileIsNamed() {
    Path f = tmp.resolve("absent.json");
    assertThat(Cli.run("models", f.toString()).badInput().err()).isEqualTo("compass: " + f + ": no such file\n");
    assertThat(Cli.run("hardware", f.toString()).badInput().err()).isEqualTo("compass: " + f + ": no such file\n");
  }

  // ---------------------------------------------------------------- issue 16: no silent wrong answer

  /** Runs {@code partition} on a hardware file with {@code --out}: bad input naming the file, and no output file. */
  private String partitionWithHardware(String text) throws IOException {
    Path hw = file("hw.json", text);
    Path out = tmp.resolve("out.json");
    String err = Cli.run("partition", "--model", file("net.json", NET).toString(), "--hw", hw.toString(), "--out",
        out.toString()).badInput().err();
    assertThat(out).as("no output file").doesNotExist();
    assertThat(err).startsWith("compass: " + hw + ": ");
    return err.substring(("compass: " + hw + ": ").length()).strip();
  }

  @Test
  void aChipWhoseArrayCountOverflowsIsRejectedNotNegative() throws IOException {
    assertThat(partitionWithHardware(HW.replace("\"cores\": 2, \"arraysPerCore\": 2", "\"cores\": 50000, \"arraysPerCore\": 50000")))
        .isEqualTo("arraysPerCore: cores x arraysPerCore = 50000 x 50000 = 2500000000 arrays, more than the limit 2147483647 (2^31 - 1)");
    assertThat(hardware(HW.replace("\"cores\": 2, \"arraysPerCore\": 2", "\"cores\": 65536, \"arraysPerCore\": 65536")))
        .startsWith("arraysPerCore: cores x arraysPerCore = 65536 x 65536 = 4294967296 arrays");
  }

  @Test
  void aHugeStepTimeIsRejectedNotInfinityOrInfeasible() throws IOException {
    assertThat(partitionWithHardware(HW.replace("\"tStep\": 2e-8", "\"tStep\": 1e308")))
        .isEqualTo("tStep: is 1.0E308, outside the accepted range [1e-30, 1e30] (SI units: seconds, joules, bytes/s, watts)");
  }

  @Test
  void theLargestAcceptedNumbersGiveFiniteCosts() throws IOException {
    // every real-valued field at the edge of its range: the result is finite and positive
    String extreme = HW.replace("\"tStep\": 2e-8", "\"tStep\": 1e30").replace("\"tRow\": 2e-9", "\"tRow\": 1e30")
        .replace("\"bwDram\": 25.6e9", "\"bwDram\": 1e-30").replace("\"eDram\": 1.2e-10", "\"eDram\": 1e30")
        .replace("\"eStep\": 3e-10", "\"eStep\": 1e30").replace("\"pStatic\": 0.0008", "\"pStatic\": 1e30")
        .replace("\"vecMacRate\": 32e9", "\"vecMacRate\": 1e-30").replace("\"eVecMac\": 1e-12", "\"eVecMac\": 1e30");
    Path out = tmp.resolve("out.json");
    Cli.run("partition", "--model", file("net.json", NET).toString(), "--hw", file("hw.json", extreme).toString(),
        "--objective", "edp", "--batch", "1000000", "--out", out.toString()).ok();
    var doc = dev.compass.formulation.io.Json.MAPPER.readTree(out.toFile());
    for (String f : new String[] {"latencySeconds", "energyJoules", "edp", "objectiveValue"}) {
      assertThat(doc.get(f).isNumber()).as(f).isTrue();
      assertThat(doc.get(f).asDouble()).as(f).isPositive().isFinite();
    }
  }

  @Test
  void networkMacsThatOverflowNameTheFileAndOperator() throws IOException {
    String text = NET.replace("{\"name\": \"f\", \"shape\": [1, 256]}", "{\"name\": \"f\", \"shape\": [1, 4294967296]}")
        .replace("{\"name\": \"y\", \"shape\": [1, 10]}", "{\"name\": \"y\", \"shape\": [1, 4294967296]}")
        .replace("\"inFeatures\": 256, \"outFeatures\": 10", "\"inFeatures\": 4294967296, \"outFeatures\": 4294967296")
        .replace("{\"name\": \"c\", \"shape\": [1, 4, 8, 8]}", "{\"name\": \"c\", \"shape\": [1, 67108864, 8, 8]}")
        .replace("{\"name\": \"r\", \"shape\": [1, 4, 8, 8]}", "{\"name\": \"r\", \"shape\": [1, 67108864, 8, 8]}")
        .replace("\"outChannels\": 4", "\"outChannels\": 67108864");
    assertThat(network(text)).isEqualTo("operators[3] (fc): its weights or MACs per image overflow a 64-bit count;"
        + " the limit is 9007199254740992 (2^53)");
  }

  @Test
  void aMisspeltPlanFieldIsRejected() throws IOException {
    Path plan = file("plan.json", "{\"partitions\": [{\"firstUnit\": 0, \"lastUnit\": 1, \"replicaton\": {\"conv\": 2}}]}");
    String err = Cli.run("evaluate", "--model", file("net.json", NET).toString(), "--hw", "tiny", "--plan", plan.toString())
        .badInput().err();
    assertThat(err).isEqualTo("compass: " + plan + ": partitions[0].replicaton: unknown field; valid fields here:"
        + " [firstUnit, lastUnit, replication] (and the cost fields of a result file, which are not read)\n");
  }

  @Test
  void anOnnxFilePassedAsJsonSaysWhatItIs() throws IOException {
    Path f = tmp.resolve("model.json");
    Files.write(f, new byte[] {0x08, 0x07, 0x12, 0x07, (byte) 0xff, (byte) 0xfe, 0x00});
    String err = Cli.run("models", f.toString()).badInput().err();
    assertThat(err).isEqualTo("compass: " + f + ": is binary (it looks like an ONNX model), not UTF-8 text (byte 0xff"
        + " at offset 4); expected a network JSON file (docs/formats.md; an ONNX model needs the .onnx extension)\n");
  }

  @Test
  void convTransposeInANetworkFileIsNamedAsUnsupported() throws IOException {
    assertThat(network(NET.replace("{\"op\": \"Conv\"", "{\"op\": \"ConvTranspose\"")))
        .isEqualTo("operators[0].op: ConvTranspose is not supported; the weighted operators are Conv, Gemm, MatMul and"
            + " Linear (docs/formats.md)");
  }

  @Test
  void aLambdaThatOverflowsTheObjectiveIsRejectedNotInfeasible() {
    String err = Cli.run("partition", "--model", "squeezenet1_0", "--hw", "compass-s", "--objective", "weighted:1e308")
        .badInput().err();
    assertThat(err).isEqualTo("compass: objective: weighted needs a lambda of at most 1e30 J/s (larger ones overflow the"
        + " objective to Infinity), got 1.0E308; to minimize latency alone use --objective latency\n");
  }

  /**
   * {@code study ilp} checks every argument before its first solve: an unknown solver was skipped without a word (its
   * column silently missing from the study), a zero time limit ran the study without one.
   */
  @Test
  void studyArgumentsAreCheckedBeforeAnySolve() {
    String[][] cases = {
      {"--solvers", "dp,ilp-pth", "compass: study ilp: --solvers: unknown solver 'ilp-pth'; valid: "},
      {"--time-limit", "0", "compass: study ilp: --time-limit: must be a finite number of seconds > 0, got 0.0"},
      {"--time-limit", "x", "compass: study ilp: --time-limit: must be a number, got 'x'"},
      {"--batch", "-3", "compass: study ilp: --batch: must be an integer from 1 to 2147483647, got -3"},
      {"--workers", "2.5", "compass: study ilp: --workers: must be an integer, got '2.5'"},
      {"--models", "resnet18,nosuch", "compass: model: unknown model 'nosuch'"},
      {"--hw", "compass-s,nosuch", "compass: --hw: unknown hardware preset 'nosuch'"},
      {"--objectives", "latency,speed", "compass: objective: "},
    };
    for (String[] c : cases) {
      Cli.Result r = Cli.run("study", "ilp", "--models", "squeezenet1_0", "--solvers", "dp", c[0], c[1]);
      assertThat(r.exit()).as(String.join(" ", c) + ": " + r.err()).isEqualTo(2);
      assertThat(r.err()).as(c[0]).startsWith(c[2]).doesNotContain("Exception");
      assertThat(r.err().strip()).as(c[0]).doesNotContain("\n");
    }
  }

  /** The genetic and prefetch studies: a bad argument is one line before any table (seeds=0 was an IndexOutOfBounds). */
  @Test
  void otherStudiesCheckTheirArgumentsFirst() {
    assertThat(Cli.run("study", "genetic", "seeds=0").badInput().err())
        .isEqualTo("compass: study genetic: seeds: must be an integer from 1 to 2147483647, got 0\n");
    assertThat(Cli.run("study", "genetic", "seeds=x").badInput().err())
        .isEqualTo("compass: study genetic: seeds: must be an integer, got 'x'\n");
    assertThat(Cli.run("study", "prefetch", "batches=16,x").badInput().err())
        .isEqualTo("compass: study prefetch: batches: must be an integer, got 'x'\n");
    assertThat(Cli.run("study", "prefetch", "batches=0").badInput().err())
        .isEqualTo("compass: study prefetch: batches: must be an integer from 1 to 2147483647, got 0\n");
    assertThat(Cli.run("study", "prefetch", "models=vgg16", "hw=compass-s,nosuch").badInput().err()).contains("'nosuch'");
  }

  /** A JMH argument JMH cannot parse: one line and exit 2 (JMH itself printed two lines and exited 1). */
  @Test
  void aBadJmhArgumentIsOneLine() {
    assertThat(Cli.run("bench", "--", "-wi", "x").badInput().err())
        .isEqualTo("compass: JMH-ARG: Cannot parse argument 'x' of option wi (JMH's options: compass bench -- -h)\n");
  }
}

