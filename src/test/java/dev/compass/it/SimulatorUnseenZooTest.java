package dev.compass.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.compass.it.SimAgreement.Plan;
import dev.compass.it.SimAgreement.Row;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real networks the verification suite ({@link SimulatorAgreementTest}) never saw, among them the
 * transformers (attention work on the chip's one vector unit), on compass-s/m/l and puma-reram, at
 * B = 1, 4 and 16, with the DP's, greedy's, layerwise's and genetic's LATENCY plans. Every plan is
 * accepted, dynamic energy equals the model's (1e-9), latency follows {@link LatencyRule} (within 5%
 * of the model, never below the bound on any execution), and the DP's optimum simulates no slower
 * than the other plans (1%, {@link SimAgreement#checkDpFastest}). The table of every instance is
 * printed at the end (docs/pimsim.md).
 */
class SimulatorUnseenZooTest {
  static final List<String> HW = List.of("compass-s", "compass-m", "compass-l", "puma-reram");
  static final List<Plan> PLANS = SimAgreement.RANKED;
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
    List<AssertionError> failed = new ArrayList<>();
    for (int b : new int[] {1, 4, 16}) {
      List<Row> rows = new ArrayList<>();
      for (Plan p : PLANS) {
        Row r = SimAgreement.run(model, hw, b, p);
        ROWS.add(r);
        rows.add(r);
        try {
          assertThat(r.sim().dynamicEnergyJoules()).as("%s dynamic energy", r.key())
              .isCloseTo(r.cost().dynamicEnergy(), within(1e-9 * r.cost().dynamicEnergy()));
          LatencyRule.check(r.key(), r.cost().latencySeconds(), r.sim().latencySeconds(), r.bound(), SimAgreement.partitionReport(r));
        } catch (AssertionError e) {
          failed.add(e); // every plan is still simulated and tabulated
        }
      }
      try {
        PAIRS.addAndGet(SimAgreement.checkDpFastest(rows));
      } catch (AssertionError e) {
        failed.add(e);
      }
    }
    SimAgreement.throwFirst(failed);
  }

  static final AtomicInteger PAIRS = new AtomicInteger();

  @AfterAll
  static void printTable() {
    if (ROWS.isEmpty()) return;
    long over = ROWS.stream().filter(r -> Math.abs(r.latencyDeviation()) > LatencyRule.TOL).count();
    double maxDev = ROWS.stream().mapToDouble(Row::latencyDeviation).max().orElseThrow();
    double maxAtt = ROWS.stream().mapToDouble(Row::attainableDeviation).max().orElseThrow();
    System.out.printf(Locale.ROOT, "unseen zoo: %d plans; beyond 5%% of the model: %d (max %+.2f%%); against max(model, bound): max %+.2f%%%n",
        ROWS.size(), over, 100 * maxDev, 100 * maxAtt);
    System.out.printf(Locale.ROOT, "ranking: %d pairs (the DP's optimum against greedy, layerwise, genetic), the DP's plan no more than 1%% slower simulated in each%n", PAIRS.get());
    System.out.println();
    System.out.print(SimAgreement.excessSplit(ROWS, LatencyRule.TOL));
    System.out.println();
    System.out.print(SimAgreement.table(ROWS));
  }
}
