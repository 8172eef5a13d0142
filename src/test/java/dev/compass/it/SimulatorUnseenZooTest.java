package dev.compass.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.compass.it.SimAgreement.Plan;
import dev.compass.it.SimAgreement.Row;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue "simulator", done-when: real networks the verification suite ({@link SimulatorAgreementTest})
 * never saw, among them the transformers (attention work on the chip's vector unit), on compass-s/m/l
 * and puma-reram, at B = 1, 4 and 16, with the DP's, greedy's and layerwise's LATENCY plans. Every
 * plan is accepted, dynamic energy equals the model's (1e-9), and latency follows
 * {@link LatencyRule}. The table of every instance is printed at the end (docs/pimsim.md).
 * (About 15 s for the 324 plans.)
 */
class SimulatorUnseenZooTest {
  static final List<String> HW = List.of("compass-s", "compass-m", "compass-l", "puma-reram");
  static final List<Plan> PLANS = List.of(SimAgreement.DP_LATENCY, SimAgreement.GREEDY, SimAgreement.LAYERWISE);
  static final List<Row> ROWS = Collections.synchronizedList(new ArrayList<>());

  static Stream<Arguments> grid(List<String> models) {
    List<Arguments> out = new ArrayList<>();
    for (String m : models) for (String hw : HW) out.add(Arguments.of(m, hw));
    return out.stream();
  }

  static Stream<Arguments> networks() {
    return grid(List.of("squeezenet1_1", "alexnet", "vgg11", "vgg16", "resnet34", "resnet101", "vit_b_16", "bert_base", "gpt2"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("networks")
  void unseenNetworks(String model, String hw) {
    run(model, hw);
  }

  static void run(String model, String hw) {
    for (int b : new int[] {1, 4, 16}) {
      for (Plan p : PLANS) {
        Row r = SimAgreement.run(model, hw, b, p);
        ROWS.add(r);
        assertThat(r.sim().dynamicEnergyJoules()).as("%s dynamic energy", r.key())
            .isCloseTo(r.cost().dynamicEnergy(), within(1e-9 * r.cost().dynamicEnergy()));
        LatencyRule.check(r.key(), r.cost().latencySeconds(), r.sim().latencySeconds(), r.bound(), SimAgreement.partitionReport(r));
      }
    }
  }

  @AfterAll
  static void printTable() {
    if (ROWS.isEmpty()) return;
    long over = ROWS.stream().filter(r -> Math.abs(r.latencyDeviation()) > LatencyRule.TOL).count();
    double maxDev = ROWS.stream().mapToDouble(Row::latencyDeviation).max().orElseThrow();
    double maxAtt = ROWS.stream().mapToDouble(Row::attainableDeviation).max().orElseThrow();
    System.out.printf(Locale.ROOT, "unseen zoo: %d plans; beyond 10%% of the model: %d (max %+.2f%%); against max(model, bound): max %+.2f%%%n",
        ROWS.size(), over, 100 * maxDev, 100 * maxAtt);
    System.out.print(SimAgreement.excessSplit(ROWS, LatencyRule.TOL));
    System.out.println();
    System.out.print(SimAgreement.table(ROWS));
  }
}
