package dev.compass.solvers.genetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceWriterTest {
  static final GeneticTrace TRACE = new GeneticTrace(List.of(
      new GeneticTrace.Point(0, 2.5, 4.0), new GeneticTrace.Point(1, 2.0, 3.25), new GeneticTrace.Point(2, 1.5e-3, 0.125)));

  @Test
  void csvHasAHeaderAndOneLinePerGeneration() {
    assertThat(TraceWriter.csv(TRACE)).isEqualTo("generation,best,mean\n0,2.5,4.0\n1,2.0,3.25\n2,0.0015,0.125\n");
  }

  @Test
  void jsonListsThePoints() {
    assertThat(TraceWriter.json(TRACE)).isEqualTo("{\"trace\":[\n"
        + "  {\"generation\":0,\"best\":2.5,\"mean\":4.0},\n"
        + "  {\"generation\":1,\"best\":2.0,\"mean\":3.25},\n"
        + "  {\"generation\":2,\"best\":0.0015,\"mean\":0.125}\n]}\n");
  }

  @Test
  void writePicksTheFormatFromTheExtension(@TempDir Path dir) throws Exception {
    TraceWriter.write(TRACE, dir.resolve("t.csv"));
    TraceWriter.write(TRACE, dir.resolve("sub/t.JSON"));
    assertThat(Files.readString(dir.resolve("t.csv"))).startsWith("generation,best,mean\n");
    assertThat(Files.readString(dir.resolve("sub/t.JSON"))).startsWith("{\"trace\":[");
  }

  @Test
  void generationsMustBeNumberedFromZero() {
    assertThatThrownBy(() -> new GeneticTrace(List.of(new GeneticTrace.Point(1, 1, 1)))).isInstanceOf(IllegalArgumentException.class);
  }
}
