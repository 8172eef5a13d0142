package dev.compass.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The library example of the README, compiled and run; the README must show this code (the lines
 * between the markers, indentation aside) and the line it prints.
 */
class ReadmeExampleTest {
  /** Surefire runs in the module's folder, {@code <repo>/src/test}. */
  private static final Path REPO = Path.of("").toAbsolutePath().getParent().getParent();

  @Test
  void readmeExample() throws IOException {
    // README: library example (begin)
    var network = dev.compass.formulation.zoo.ModelZoo.build("resnet18");
    var chip = dev.compass.formulation.hardware.HardwarePresets.get("compass-m");
    var result = dev.compass.solvers.Compass.optimize(network, chip, 16, dev.compass.formulation.plan.Objective.EDP);

    var certificate = result.certificate().orElseThrow();   // optimal = true: proven by the DP
    var cost = result.cost().orElseThrow();                  // latency, energy, per-partition breakdown
    System.out.printf("%d partitions, %.1f images/s, EDP %.3g J*s, optimal: %b%n",
        cost.partitions().size(), cost.throughput(), cost.edp(), certificate.optimal());
    // README: library example (end)

    assertThat(certificate.optimal()).isTrue();
    assertThat(certificate.feasible()).isTrue();
    assertThat(cost.edp()).isEqualTo(result.objectiveValue());

    String readme = Files.readString(REPO.resolve("README.md"));
    List<String> source = Files.readAllLines(REPO.resolve("src/test/java/dev/compass/it/ReadmeExampleTest.java"));
    List<String> example = source.subList(source.indexOf("    // README: library example (begin)") + 1,
        source.indexOf("    // README: library example (end)"));
    int at = 0;
    for (String line : example) {
      if (line.isBlank()) continue;
      int found = readme.indexOf(line.strip(), at);
      assertThat(found).as("README.md shows the example line, in order: %s", line.strip()).isGreaterThanOrEqualTo(0);
      at = found;
    }
    String printed = String.format(Locale.ROOT, "%d partitions, %.1f images/s, EDP %.3g J*s, optimal: %b",
        cost.partitions().size(), cost.throughput(), cost.edp(), certificate.optimal());
    assertThat(readme).as("README.md quotes what the example prints").contains(printed);
  }
}
