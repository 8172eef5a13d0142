package dev.compass.formulation.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.formulation.graph.Stage;
import dev.compass.formulation.graph.StageGraph;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.mapping.Mapping;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.plan.PartitionPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The examples of docs/formats.md: each file reads, and the page shows each one exactly as it is. */
class DocsExamplesTest {
  /** The repository root: surefire runs in the module's directory ({@code basedir}). */
  private static final Path DOCS = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
      .toAbsolutePath().getParent().resolve("docs");
  private static final Path EXAMPLES = DOCS.resolve("examples");

  private static Network network(String file) {
    return Json.readNetwork(EXAMPLES.resolve(file));
  }

  @Test
  void theCnnExampleReadsWithTheStagesTheDocsDescribe() {
    StageGraph g = StageGraph.of(network("network.json"));
    assertThat(g.stages()).extracting(Stage::name).containsExactly("stem", "dw", "pw", "skip", "fc");
    // weights (H*W*g) and MVMs (P) by hand, as formats.md gives them
    assertThat(g.stages()).extracting(Stage::weights).containsExactly(216L, 72L, 128L, 128L, 15360L);
    assertThat(g.stages()).extracting(Stage::mvmsPerImage).containsExactly(256L, 64L, 64L, 64L, 1L);
    assertThat(g.stages().stream().mapToLong(Stage::macsPerImage).sum()).isEqualTo(91_648L);
  }

  @Test
  void theAttentionExampleReads() {
    StageGraph g = StageGraph.of(network("attention.json"));
    assertThat(g.stages()).extracting(Stage::name).containsExactly("attn.q", "attn.k", "attn.v", "mix");
    // mix: constant on the left, [4 x 4] x [1, 4, 8]: H = W = 4, P = 32 / 4 = 8
    Stage mix = g.stage(3);
    assertThat(List.of(mix.h(), mix.w(), mix.mvmsPerImage())).containsExactly(4L, 4L, 8L);
    assertThat(g.stages().stream().mapToLong(Stage::attentionMacs).sum()).isEqualTo(128 + 128);
  }

  @Test
  void theHardwareExampleReadsWithTheDerivedNumbersTheDocsGive() {
    HardwareSpec hw = Json.readHardware(EXAMPLES.resolve("hardware.json"));
    assertThat(hw.slices()).isEqualTo(4); // ceil(8 / 2)
    assertThat(hw.steps()).isEqualTo(4); // ceil(8 / 2)
    assertThat(hw.mvmTime()).isCloseTo(200e-9, org.assertj.core.api.Assertions.within(1e-21));
    assertThat(hw.writePorts()).isEqualTo(4); // default: one per core
    assertThat(hw.outputsPerColumnTile()).isEqualTo(16);
    assertThat(hw.allocation()).isEqualTo(Allocation.CORE);
    assertThat(hw.provenance()).containsKeys("chip", "tStep", "pStatic");
  }

  @Test
  void thePlanCoversTheUnitsOfTheCnnOnTheExampleHardware() {
    PartitionPlan plan = Json.readPlan(EXAMPLES.resolve("plan.json"));
    Mapping m = Mapping.of(StageGraph.of(network("network.json")), Json.readHardware(EXAMPLES.resolve("hardware.json")));
    // the unit table of formats.md: stem 1 array; dw 2 packed arrays; pw 1; skip 1; fc 2 row chunks of 16 and 8
    List<Integer> arrays = new ArrayList<>();
    for (int u = 0; u < m.units(); u++) arrays.add(m.unitArrays(u));
    assertThat(arrays).containsExactly(1, 1, 1, 1, 1, 16, 8);
    assertThat(plan.units()).isEqualTo(m.units());
    assertThat(plan.partitions().get(0).replicationOf("stem")).isEqualTo(4);
    assertThat(plan.partitions().get(0).replicationOf("pw")).isEqualTo(1);
  }

  @Test
  void theDocsShowEachExampleExactlyAndEveryExampleIsShown() throws IOException {
    String md = Files.readString(DOCS.resolve("formats.md"));
    Matcher mt = Pattern.compile("<!-- example: ([\\w.-]+) -->\\n```json\\n(.*?)\\n```", Pattern.DOTALL).matcher(md);
    Map<String, String> shown = new LinkedHashMap<>();
    while (mt.find()) shown.put(mt.group(1), mt.group(2));
    List<String> files;
    try (Stream<Path> s = Files.list(EXAMPLES)) {
      files = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(shown.keySet()).containsExactlyInAnyOrderElementsOf(files);
    for (String f : files) {
      assertThat(shown.get(f)).as(f).isEqualTo(Files.readString(EXAMPLES.resolve(f)).stripTrailing());
    }
  }
}
