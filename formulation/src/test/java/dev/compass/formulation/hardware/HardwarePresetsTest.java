package dev.compass.formulation.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.compass.formulation.InputException;
import dev.compass.formulation.io.Json;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every number of the shipped presets against the values of the issue "Foundation", item 4, written
 * here by hand; and every preset's provenance.
 */
class HardwarePresetsTest {
  /** Doubles are compared to 1e-12 relative: the JSON literals are decimal, the hand values too. */
  private static void assertClose(double actual, double expected, String what) {
    assertThat(actual).as(what).isCloseTo(expected, within(Math.abs(expected) * 1e-12));
  }

  static Stream<Arguments> compassPresets() {
    // name, cores, pStatic = 0.2 mW per array x (cores x 8) arrays, vecMacRate = 16 GMAC/s x cores
    return Stream.of(
        Arguments.of("compass-s", 16, 0.0256, 256e9), //  0.2e-3 W x 128 = 0.0256 W; 16e9 x 16 = 256e9
        Arguments.of("compass-m", 32, 0.0512, 512e9), //  0.2e-3 W x 256 = 0.0512 W; 16e9 x 32 = 512e9
        Arguments.of("compass-l", 64, 0.1024, 1024e9)); // 0.2e-3 W x 512 = 0.1024 W; 16e9 x 64 = 1024e9
  }

  @ParameterizedTest
  @MethodSource("compassPresets")
  void compassPresetsHaveTheIssuesNumbers(String name, int cores, double pStatic, double vecMacRate) {
    HardwareSpec hw = HardwarePresets.get(name);
    assertThat(hw.name()).isEqualTo(name);
    assertThat(hw.cores()).isEqualTo(cores);
    assertThat(hw.arraysPerCore()).isEqualTo(8);
    assertThat(hw.rows()).isEqualTo(256);
    assertThat(hw.cols()).isEqualTo(256);
    assertThat(hw.cellBits()).isEqualTo(1);
    assertThat(hw.weightBits()).isEqualTo(4);
    assertThat(hw.activationBits()).isEqualTo(4);
    assertThat(hw.psumBits()).isEqualTo(16);
    assertThat(hw.dacBits()).isEqualTo(1);
    assertClose(hw.tStep(), 20e-9, "tStep = 20 ns");
    assertClose(hw.tRow(), 2e-9, "tRow = 2 ns");
    assertThat(hw.writePorts()).as("writePorts = cores").isEqualTo(cores);
    assertClose(hw.bwDram(), 25.6e9, "bwDram = 25.6 GB/s");
    assertClose(hw.eDram(), 120e-12, "eDram = 120 pJ/byte");
    assertClose(hw.eStep(), 0.3e-9, "eStep = 0.3 nJ");
    assertClose(hw.eRow(), 5e-12, "eRow = 5 pJ");
    assertClose(hw.pStatic(), pStatic, "pStatic");
    assertClose(hw.vecMacRate(), vecMacRate, "vecMacRate");
    assertClose(hw.eVecMac(), 1e-12, "eVecMac = 1 pJ");
    assertThat(hw.allocation()).isEqualTo(Allocation.ARRAY);
    // derived: A = cores x 8; slices = ceil(4/1) = 4; steps = ceil(4/1) = 4; MVM = 4 x 20 ns = 80 ns; 256/4 = 64 outputs
    assertThat(hw.arrays()).isEqualTo(cores * 8);
    assertThat(hw.slices()).isEqualTo(4);
    assertThat(hw.steps()).isEqualTo(4);
    assertClose(hw.mvmTime(), 80e-9, "mvmTime");
    assertThat(hw.outputsPerColumnTile()).isEqualTo(64);
  }

  @Test
  void tinyIsTwoCoresOfTwoSixteenBySixteenArraysElseAsCompassS() {
    HardwareSpec hw = HardwarePresets.get("tiny");
    assertThat(hw.cores()).isEqualTo(2);
    assertThat(hw.arraysPerCore()).isEqualTo(2);
    assertThat(hw.arrays()).isEqualTo(4);
    assertThat(hw.rows()).isEqualTo(16);
    assertThat(hw.cols()).isEqualTo(16);
    assertThat(hw.cellBits()).isEqualTo(1);
    assertThat(hw.weightBits()).isEqualTo(4);
    assertThat(hw.activationBits()).isEqualTo(4);
    assertThat(hw.psumBits()).isEqualTo(16);
    assertThat(hw.dacBits()).isEqualTo(1);
    assertClose(hw.tStep(), 20e-9, "tStep");
    assertClose(hw.tRow(), 2e-9, "tRow");
    assertThat(hw.writePorts()).isEqualTo(2);
    assertClose(hw.bwDram(), 25.6e9, "bwDram");
    assertClose(hw.eDram(), 120e-12, "eDram");
    assertClose(hw.eStep(), 0.3e-9, "eStep");
    assertClose(hw.eRow(), 5e-12, "eRow");
    assertClose(hw.pStatic(), 0.0008, "pStatic = 0.2 mW x 4 arrays");
    assertClose(hw.vecMacRate(), 32e9, "vecMacRate = 16 GMAC/s x 2 cores");
    assertClose(hw.eVecMac(), 1e-12, "eVecMac");
    assertThat(hw.allocation()).isEqualTo(Allocation.ARRAY);
    assertThat(hw.outputsPerColumnTile()).isEqualTo(4); // 16 cols / 4 slices
  }

  @Test
  void pumaNumbersFollowTheirProvenance() {
    HardwareSpec hw = HardwarePresets.get("puma-reram");
    assertThat(hw.cores()).isEqualTo(64); // 8 tiles x 8 cores
    assertThat(hw.arraysPerCore()).isEqualTo(16); // 2 MVMUs x 8 crossbars
    assertThat(hw.rows()).isEqualTo(128);
    assertThat(hw.cols()).isEqualTo(128);
    assertThat(hw.slices()).isEqualTo(8); // ceil(16 / 2)
    assertThat(hw.steps()).isEqualTo(16); // ceil(16 / 1)
    assertClose(hw.tRow(), 85.6953125e-9, "tRow = 10969 ns / 128 rows");
    assertClose(hw.pStatic(), 0.1024, "pStatic = 0.1 mW x 1024 crossbars");
    assertClose(hw.vecMacRate(), 64e9, "vecMacRate = 1 GMAC/s x 64 cores");
    assertClose(hw.eRow(), 1.28e-9, "eRow = 10 pJ x 128 cells");
  }

  @ParameterizedTest
  @ValueSource(strings = {"compass-s", "compass-m", "compass-l", "tiny", "puma-reram", "puma-reram-prefetch"})
  void everyPresetHasProvenanceForEveryNumber(String name) {
    HardwareSpec hw = HardwarePresets.get(name);
    Set<String> wanted = new HashSet<>(HardwareSpec.NUMBER_FIELDS);
    wanted.add("allocation");
    wanted.add("chip");
    if (hw.prefetch()) wanted.add("prefetch");
    assertThat(hw.provenance().keySet()).containsExactlyInAnyOrderElementsOf(wanted);
    hw.provenance().forEach((field, note) -> assertThat(note).as(name + " provenance of " + field).hasSizeGreaterThan(10));
  }

  @Test
  void onlyThePrefetchVariantHasPrefetchAndItIsPumaOtherwise() {
    for (String name : HardwarePresets.NAMES) {
      assertThat(HardwarePresets.get(name).prefetch()).as(name).isEqualTo(name.equals("puma-reram-prefetch"));
    }
    HardwareSpec puma = HardwarePresets.get("puma-reram");
    HardwareSpec variant = HardwarePresets.get("puma-reram-prefetch");
    for (String f : HardwareSpec.NUMBER_FIELDS) assertThat(variant.number(f)).as(f).isEqualTo(puma.number(f));
    assertThat(variant.allocation()).isEqualTo(puma.allocation());
  }

  @ParameterizedTest
  @ValueSource(strings = {"compass-s", "compass-m", "compass-l", "tiny", "puma-reram", "puma-reram-prefetch"})
  void presetsSurviveWriteAndReadBack(String name) {
    HardwareSpec hw = HardwarePresets.get(name);
    assertThat(Json.readHardware(Json.writeHardware(hw), "written " + name, true)).isEqualTo(hw);
  }

  @Test
  void everyShippedPresetFileIsListed() throws IOException, URISyntaxException {
    Path dir = Path.of(HardwarePresets.class.getResource("presets").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      Set<String> shipped = files.map(p -> p.getFileName().toString().replaceFirst("\\.json$", "")).collect(Collectors.toSet());
      assertThat(shipped).containsExactlyInAnyOrderElementsOf(HardwarePresets.NAMES);
    }
  }

  @Test
  void unknownPresetListsTheValidOnes() {
    assertThatThrownBy(() -> HardwarePresets.get("compass-xl"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("'compass-xl'")
        .hasMessageContaining(String.join(", ", List.of("compass-s", "compass-m", "compass-l", "tiny", "puma-reram")));
  }

  @Test
  void resolveTakesANameOrAFile(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
    assertThat(HardwarePresets.resolve("tiny").cores()).isEqualTo(2);
    Path f = tmp.resolve("mine.json");
    Files.writeString(f, HardwarePresets.text("tiny").replace("\"cores\": 2,", "\"cores\": 3,").replace("\"writePorts\": 2,", ""));
    HardwareSpec hw = HardwarePresets.resolve(f.toString());
    assertThat(hw.cores()).isEqualTo(3);
    assertThat(hw.writePorts()).as("default: one write port per core").isEqualTo(3);
  }
}
