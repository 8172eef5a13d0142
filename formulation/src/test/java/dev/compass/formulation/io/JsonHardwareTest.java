package dev.compass.formulation.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.compass.formulation.InputException;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.hardware.HardwareSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading hardware files: every bad input gives one line naming the file, the field and the value. */
class JsonHardwareTest {
  private static final String SRC = "chip.json";

  /** The tiny preset's JSON, edited. */
  private static String tinyWith(Consumer<ObjectNode> edit) {
    ObjectNode n = (ObjectNode) Json.parse(HardwarePresets.text("tiny"), "tiny");
    edit.accept(n);
    return Json.toJson(n);
  }

  private static InputException readError(String text) {
    try {
      Json.readHardware(text, SRC);
    } catch (InputException e) {
      assertThat(e.getMessage()).doesNotContain("\n").startsWith(SRC + ": ");
      return e;
    }
    throw new AssertionError("expected an InputException for " + text);
  }

  @Test
  void readsAValidFile(@TempDir Path tmp) throws IOException {
    Path f = tmp.resolve("chip.json");
    Files.writeString(f, tinyWith(n -> n.remove("provenance")));
    HardwareSpec hw = Json.readHardware(f);
    assertThat(hw.name()).isEqualTo("tiny");
    assertThat(hw.arrays()).isEqualTo(4);
    assertThat(hw.provenance()).isEmpty();
  }

  /** Every number but writePorts is required. */
  static Stream<String> requiredNumbers() {
    return HardwareSpec.NUMBER_FIELDS.stream().filter(f -> !f.equals("writePorts"));
  }

  @ParameterizedTest
  @MethodSource("requiredNumbers")
  void aMissingNumberIsNamed(String field) {
    assertThat(readError(tinyWith(n -> n.remove(field))).getMessage())
        .isEqualTo(SRC + ": " + field + ": is missing; expected " + (isInteger(field) ? "an integer" : "a number"));
  }

  private static boolean isInteger(String field) {
    return !Set.of("tStep", "tRow", "bwDram", "eDram", "eStep", "eRow", "pStatic", "vecMacRate", "eVecMac").contains(field);
  }

  @Test
  void writePortsDefaultsToOnePerCore() {
    assertThat(Json.readHardware(tinyWith(n -> n.remove("writePorts")), SRC).writePorts()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"cores", "arraysPerCore", "rows", "cols", "cellBits", "weightBits", "activationBits", "psumBits", "dacBits", "writePorts"})
  void zeroOrNegativeCountsAreRejected(String field) {
    assertThat(readError(tinyWith(n -> n.put(field, 0))).getMessage())
        .isEqualTo(SRC + ": " + field + ": must be a positive integer, got 0");
    assertThat(readError(tinyWith(n -> n.put(field, -3))).getMessage())
        .isEqualTo(SRC + ": " + field + ": must be a positive integer, got -3");
  }

  @ParameterizedTest
  @ValueSource(strings = {"tStep", "tRow", "bwDram", "vecMacRate"})
  void zeroOrNegativeRatesAndTimesAreRejected(String field) {
    assertThat(readError(tinyWith(n -> n.put(field, 0))).getMessage())
        .isEqualTo(SRC + ": " + field + ": must be a positive number, got 0.0");
    assertThat(readError(tinyWith(n -> n.put(field, -2.5e-9))).getMessage())
        .isEqualTo(SRC + ": " + field + ": must be a positive number, got -2.5E-9");
  }

  @ParameterizedTest
  @ValueSource(strings = {"eDram", "eStep", "eRow", "pStatic", "eVecMac"})
  void energiesMayBeZeroButNotNegative(String field) {
    assertThat(Json.readHardware(tinyWith(n -> n.put(field, 0)), SRC).number(field)).isZero();
    assertThat(readError(tinyWith(n -> n.put(field, -1e-12))).getMessage())
        .isEqualTo(SRC + ": " + field + ": must be a number >= 0, got -1.0E-12");
  }

  @Test
  void aFractionalCountIsNamed() {
    assertThat(readError(tinyWith(n -> n.put("rows", 16.5))).getMessage())
        .isEqualTo(SRC + ": rows: must be an integer, got 16.5");
  }

  @Test
  void aStringForANumberIsNamed() {
    assertThat(readError(tinyWith(n -> n.put("tStep", "20ns"))).getMessage())
        .isEqualTo(SRC + ": tStep: must be a number, got \"20ns\"");
  }

  @Test
  void colsNotAMultipleOfSlicesIsRejected() {
    // weightBits 4, cellBits 1: slices = ceil(4/1) = 4; 18 % 4 = 2
    assertThat(readError(tinyWith(n -> n.put("cols", 18))).getMessage())
        .startsWith(SRC + ": cols: is 18, not a multiple of slices = ceil(weightBits/cellBits) = 4");
    // weightBits 4, cellBits 3: slices = ceil(4/3) = 2; 16 % 2 = 0 is fine
    assertThat(Json.readHardware(tinyWith(n -> n.put("cellBits", 3)), SRC).slices()).isEqualTo(2);
  }

  @Test
  void unknownFieldsAreNamedWithTheValidOnes() {
    assertThat(readError(tinyWith(n -> n.put("coresPerChip", 4))).getMessage())
        .startsWith(SRC + ": coresPerChip: unknown field; valid fields here: [")
        .contains("arraysPerCore");
    assertThat(readError(tinyWith(n -> ((ObjectNode) n.get("provenance")).put("colz", "x"))).getMessage())
        .startsWith(SRC + ": provenance.colz: unknown field");
  }

  @Test
  void allocationMustBeArrayOrCore() {
    assertThat(Json.readHardware(tinyWith(n -> n.put("allocation", "core")), SRC).allocation()).isEqualTo(Allocation.CORE);
    assertThat(Json.readHardware(tinyWith(n -> n.remove("allocation")), SRC).allocation()).isEqualTo(Allocation.ARRAY);
    assertThat(readError(tinyWith(n -> n.put("allocation", "TILE"))).getMessage())
        .isEqualTo(SRC + ": allocation: is 'TILE'; valid: ARRAY, CORE");
  }

  @Test
  void prefetchIsOptionalAndFalseByDefault() {
    assertThat(Json.readHardware(tinyWith(n -> n.remove("prefetch")), SRC).prefetch()).isFalse();
    assertThat(Json.readHardware(tinyWith(n -> n.put("prefetch", true)), SRC).prefetch()).isTrue();
    assertThat(Json.readHardware(tinyWith(n -> n.put("prefetch", false)), SRC).prefetch()).isFalse();
    assertThat(readError(tinyWith(n -> n.put("prefetch", "yes"))).getMessage())
        .isEqualTo(SRC + ": prefetch: must be true or false, got \"yes\"");
    assertThat(readError(tinyWith(n -> n.put("prefetch", 1))).getMessage())
        .isEqualTo(SRC + ": prefetch: must be true or false, got 1");
  }

  @Test
  void prefetchSurvivesWriteAndReadBack() {
    HardwareSpec on = HardwarePresets.get("tiny").withPrefetch(true);
    assertThat(Json.writeHardware(on)).contains("\"prefetch\" : true");
    assertThat(Json.readHardware(Json.writeHardware(on), SRC)).isEqualTo(on);
    assertThat(Json.readHardware(Json.writeHardware(on.withPrefetch(false)), SRC).prefetch()).isFalse();
  }

  @Test
  void aPresetWithPrefetchNeedsItsProvenance() {
    String text = tinyWith(n -> n.put("prefetch", true));
    assertThatThrownBy(() -> Json.readHardware(text, SRC, true)).hasMessageStartingWith(SRC + ": provenance.prefetch: is missing");
    String noted = tinyWith(n -> {
      n.put("prefetch", true);
      ((ObjectNode) n.get("provenance")).put("prefetch", "assumption: for this test");
    });
    assertThat(Json.readHardware(noted, SRC, true).prefetch()).isTrue();
  }

  @Test
  void presetsMustHaveProvenanceForEveryNumber() {
    String text = tinyWith(n -> ((ObjectNode) n.get("provenance")).remove("eRow"));
    assertThatThrownBy(() -> Json.readHardware(text, SRC, true))
        .hasMessage(SRC + ": provenance.eRow: is missing; a shipped preset gives a source or an assumption for every number");
    assertThat(Json.readHardware(text, SRC, false).provenance()).doesNotContainKey("eRow");
  }

  @Test
  void malformedJsonGivesLineAndColumn() {
    // line 3 is `  "cores": 2,,`: two spaces, "cores": (8), a space, 2, a comma: the second comma is column 14
    String text = "{\n  \"name\": \"x\",\n  \"cores\": 2,,\n}";
    assertThat(readError(text).getMessage()).startsWith(SRC + ": malformed JSON at line 3, column 14: ");
  }

  @Test
  void duplicateKeysAreMalformed() {
    assertThat(readError("{\"cores\": 2, \"cores\": 3}").getMessage())
        .startsWith(SRC + ": malformed JSON at line 1").contains("Duplicate field 'cores'");
  }

  @Test
  void emptyOrNonObjectInputIsNamed() {
    assertThat(readError("").getMessage()).isEqualTo(SRC + ": is empty; expected a JSON object");
    assertThat(readError("[1, 2]").getMessage()).isEqualTo(SRC + ": must be a JSON object, got [1,2]");
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path tmp) {
    Path f = tmp.resolve("none.json");
    assertThatThrownBy(() -> Json.readHardware(f)).isInstanceOf(InputException.class).hasMessage(f + ": no such file");
  }
}
