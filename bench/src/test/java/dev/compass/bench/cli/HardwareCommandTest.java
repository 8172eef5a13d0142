package dev.compass.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code compass hardware}: the list, one preset as JSON and as a table, a user's file. */
class HardwareCommandTest {
  /** compass-m as the issue "Foundation" item 4 gives it, by hand. */
  private static Map<String, Double> compassM() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("cores", 32.0);
    m.put("arraysPerCore", 8.0);
    m.put("rows", 256.0);
    m.put("cols", 256.0);
    m.put("cellBits", 1.0);
    m.put("weightBits", 4.0);
    m.put("activationBits", 4.0);
    m.put("psumBits", 16.0);
    m.put("dacBits", 1.0);
    m.put("tStep", 20e-9); // 20 ns
    m.put("tRow", 2e-9); // 2 ns
    m.put("writePorts", 32.0); // = cores
    m.put("bwDram", 25.6e9); // 25.6 GB/s
    m.put("eDram", 120e-12); // 120 pJ/byte
    m.put("eStep", 0.3e-9); // 0.3 nJ
    m.put("eRow", 5e-12); // 5 pJ
    m.put("pStatic", 0.0512); // 0.2 mW x 32 x 8 = 51.2 mW
    m.put("vecMacRate", 512e9); // 16 GMAC/s x 32 cores
    m.put("eVecMac", 1e-12); // 1 pJ
    return m;
  }

  @Test
  void compassMAsJsonIsThePresetsNumbers() {
    Cli.Result r = Cli.run("hardware", "compass-m", "--json").ok();
    JsonNode n = Json.parse(r.out(), "stdout");
    List<String> fields = new ArrayList<>();
    n.fieldNames().forEachRemaining(fields::add);
    List<String> expectedFields = new ArrayList<>(List.of("name"));
    expectedFields.addAll(compassM().keySet());
    expectedFields.addAll(List.of("allocation", "prefetch", "provenance"));
    assertThat(fields).as("field names and order of FORMULATION.md §1").containsExactlyElementsOf(expectedFields);
    assertThat(n.get("name").asText()).isEqualTo("compass-m");
    compassM().forEach((f, v) -> {
      JsonNode value = n.get(f);
      boolean count = HardwareSpec.NUMBER_FIELDS.indexOf(f) < HardwareSpec.NUMBER_FIELDS.indexOf("tStep") || f.equals("writePorts");
      assertThat(value.isIntegralNumber()).as(f + " is written as an integer").isEqualTo(count);
      assertThat(value.asDouble()).as(f).isCloseTo(v, org.assertj.core.api.Assertions.within(v * 1e-12));
    });
    assertThat(n.get("allocation").asText()).isEqualTo("ARRAY");
    assertThat(n.get("prefetch").asBoolean(true)).as("presets keep prefetch off").isFalse();
    assertThat(n.get("provenance").size()).as("a note per number, allocation and chip").isEqualTo(19 + 2);
    // the printed JSON is itself a valid hardware file, equal to the preset
    assertThat(Json.readHardware(r.out(), "stdout", true)).isEqualTo(HardwarePresets.get("compass-m"));
  }

  @Test
  void withoutAnArgumentListsEveryPreset() {
    Cli.Result r = Cli.run("hardware").ok();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).startsWith("name").contains("cores x arrays").contains("allocation");
    for (String name : HardwarePresets.NAMES) assertThat(r.out()).contains(name);
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("compass-m").contains("32 x 8").contains("256")
        .contains("256x256").contains("4/4/1").contains("ARRAY"));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("tiny").contains("2 x 2").contains("16x16"));
    assertThat(lines.get(0)).contains("prefetch");
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("puma-reram-prefetch ").endsWith("true"));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("compass-m ").endsWith("false"));
  }

  @Test
  void thePrefetchFieldIsShownWithItsProvenance() {
    assertThat(Cli.run("hardware", "puma-reram-prefetch").ok().out().lines())
        .anySatisfy(l -> assertThat(l).matches("prefetch +true +assumption: a ReRAM crossbar that no running stage uses.*"));
    assertThat(Cli.run("hardware", "compass-m").ok().out().lines())
        .anySatisfy(l -> assertThat(l).matches("prefetch +false +default: weights are written only between partitions.*"));
  }

  @Test
  void withoutAnArgumentJsonIsEveryPreset() {
    JsonNode a = Json.parse(Cli.run("hardware", "--json").ok().out(), "stdout");
    assertThat(a.size()).isEqualTo(HardwarePresets.NAMES.size());
    for (int i = 0; i < a.size(); i++) {
      assertThat(Json.readHardware(Json.toJson(a.get(i)), "item " + i, true)).isEqualTo(HardwarePresets.get(HardwarePresets.NAMES.get(i)));
    }
  }

  @Test
  void aPresetAsATableShowsUnitsAndProvenance() {
    Cli.Result r = Cli.run("hardware", "compass-m").ok();
    assertThat(r.out()).startsWith("compass-m: 32 cores x 8 arrays = 256 arrays of 256x256 cells, ARRAY allocation\n");
    List<String> lines = r.out().lines().toList();
    assertThat(lines).anySatisfy(l -> assertThat(l).matches("tStep +20 ns +assumption: 20 ns per array step.*"));
    assertThat(lines).anySatisfy(l -> assertThat(l).matches("bwDram +25\\.6 GB/s +assumption: one DDR4-3200 channel.*"));
    assertThat(lines).anySatisfy(l -> assertThat(l).matches("pStatic +51\\.2 mW +assumption: 0\\.2 mW leakage per array x 256 arrays"));
    assertThat(lines).anySatisfy(l -> assertThat(l).matches("rows +256 +COMPASS paper: 256x256 SRAM arrays"));
    // slices = 4/1, steps = 4/1, MVM = 4 x 20 ns, 256 / 4 = 64 outputs per column tile
    assertThat(r.out()).contains("slices = ceil(weightBits/cellBits) = 4, steps = ceil(activationBits/dacBits) = 4,"
        + " MVM time = steps x tStep = 80 ns, outputs per column tile = cols/slices = 64");
  }

  @Test
  void aHardwareFileIsValidatedAndPrinted(@TempDir Path tmp) throws IOException {
    HardwareSpec tiny = HardwarePresets.get("tiny");
    Path f = tmp.resolve("my chip.json");
    Files.writeString(f, Json.writeHardware(tiny).replace("\"tiny\"", "\"my-chip\""));
    Cli.Result table = Cli.run("hardware", f.toString()).ok();
    assertThat(table.out()).startsWith("my-chip: 2 cores x 2 arrays = 4 arrays of 16x16 cells, ARRAY allocation\n");
    Cli.Result json = Cli.run("hardware", f.toString(), "--json").ok();
    assertThat(Json.readHardware(json.out(), "stdout")).isEqualTo(Json.readHardware(f));
  }

  @Test
  void aFileWithoutProvenanceShowsDashes(@TempDir Path tmp) throws IOException {
    Path f = tmp.resolve("bare.json");
    String text = Json.writeHardware(HardwarePresets.get("tiny"));
    Files.writeString(f, text.substring(0, text.indexOf(",\n  \"provenance\"")) + "\n}\n");
    List<String> lines = Cli.run("hardware", f.toString()).ok().out().lines().toList();
    assertThat(lines).anySatisfy(l -> assertThat(l).matches("cores +2 +-"));
  }

  @Test
  void anUnknownPresetListsTheValidOnes() {
    Cli.Result r = Cli.run("hardware", "compass-xl").badInput();
    assertThat(r.err()).isEqualTo("compass: unknown hardware preset 'compass-xl'; presets: compass-s, compass-m, compass-l,"
        + " tiny, puma-reram, puma-reram-prefetch (or give the path of a hardware .json file)\n");
  }

  @Test
  void engineeringNotationPicksThePrefix() {
    assertThat(HardwareCommand.engineering(2e-8, "s")).isEqualTo("20 ns");
    assertThat(HardwareCommand.engineering(8.56953125e-8, "s")).isEqualTo("85.6953 ns"); // 6 significant digits
    assertThat(HardwareCommand.engineering(0.3e-9, "J")).isEqualTo("300 pJ");
    assertThat(HardwareCommand.engineering(25.6e9, "B/s")).isEqualTo("25.6 GB/s");
    assertThat(HardwareCommand.engineering(1, "W")).isEqualTo("1 W");
    assertThat(HardwareCommand.engineering(0, "J")).isEqualTo("0 J");
    assertThat(HardwareCommand.engineering(1.5e-18, "J")).isEqualTo("0.0015 fJ"); // below the smallest prefix
  }
}
