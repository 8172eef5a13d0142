package dev.compass.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The library example of the README, compiled and run (keep the two in sync). */
class ReadmeExampleTest {

  @Test
  void readmeExample() {
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
  }
}
