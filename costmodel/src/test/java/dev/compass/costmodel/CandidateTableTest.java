package dev.compass.costmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.zoo.ModelZoo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The candidates of {@link RangeScanner#forEachCandidate} agree with the other ways of asking the cost
 * model: each candidate's replication is the ladder's least replication for its target, and its terms
 * are those of {@link RangeScanner#cost} with that replication.
 */
class CandidateTableTest {

  /** One candidate as passed to the sink, with its range and replication ({@link RangeScanner#replicationAtStep}). */
  record Cand(int firstUnit, int lastUnit, int step, double target, double latencySeconds, double energyJoules,
      int[] replication, long capacityUsed, long rowsWritten, double weightBytes, double ioBytes, double computeSeconds) {}

  /** Every candidate of every valid range, ranges ordered by last unit, then first unit descending. */
  static List<Cand> table(CostModel m) {
    RangeScanner sc = m.scanner();
    RangeScanner rep = m.scanner();
    List<Cand> out = new ArrayList<>();
    for (int j = 0; j < m.units(); j++) {
      for (int i = j; i >= m.minFirst(j); i--) {
        int fi = i;
        int fj = j;
        sc.forEachCandidate(i, j, (step, target, t, e, u, rw, wb, io, tc, tw) -> out.add(new Cand(fi, fj, step, target, t, e,
            replicationAtStep(rep, fi, fj, step), u, rw, wb, io, tc)));
      }
    }
    return out;
  }

  private static int[] replicationAtStep(RangeScanner sc, int i, int j, int step) {
    sc.setRange(i, j);
    return sc.replicationAtStep(step);
  }

  @Test
  void everyCandidateIsTheLeastReplicationForItsTargetWithItsCost() {
    CostModel m = CostModel.of(ModelZoo.build("squeezenet1_0"), HardwarePresets.get("compass-s"), 4);
    List<Cand> table = table(m);
    RangeScanner sc = m.scanner();
    long ranges = 0;
    int expected = 0;
    double[] tau = new double[sc.maxCandidates()];
    double[] t = new double[tau.length];
    double[] e = new double[tau.length];
    for (int j = 0; j < m.units(); j++) {
      for (int i = m.minFirst(j); i <= j; i++) {
        ranges++;
        sc.setRange(i, j);
        expected += sc.candidates(tau, t, e);
      }
    }
    assertThat(table).hasSize(expected);
    assertThat(ranges).isGreaterThan(100);
    for (int k = 0; k < table.size(); k += 7) {
      Cand c = table.get(k);
      assertThat(m.valid(c.firstUnit(), c.lastUnit())).isTrue();
      assertThat(m.leastReplication(c.firstUnit(), c.lastUnit(), c.target())).hasValueSatisfying(d -> assertThat(d).containsExactly(c.replication()));
      PartitionCost p = m.scanner().cost(c.firstUnit(), c.lastUnit(), c.replication());
      assertThat(c.latencySeconds()).isCloseTo(p.latencySeconds(), within(1e-12 * p.latencySeconds()));
      assertThat(c.energyJoules()).isCloseTo(p.energyJoules(), within(1e-12 * p.energyJoules()));
      assertThat(c.capacityUsed()).isEqualTo(p.arraysUsed()).isLessThanOrEqualTo(m.hardware().arrays());
      assertThat(c.rowsWritten()).isEqualTo(p.rowsWritten());
      assertThat(c.weightBytes()).isEqualTo(p.weightBytes());
      assertThat(c.ioBytes()).isEqualTo(p.ioBytes());
      assertThat(c.computeSeconds()).isCloseTo(p.computeSeconds(), within(1e-12 * p.computeSeconds()));
    }
  }

  @Test
  void tableOfTheTwoAttentionStagesByHand() {
    // V2HandComputedTest's network: q (t = 180 ns, 1 array) and k (t = 380 ns, 1 array), A = 4
    CostModel m = CostModel.of(V2HandComputedTest.twoAttentionStages(), V2HandComputedTest.chip(1e9, 1e-9), 4);
    List<Cand> table = table(m);
    // range 0..0: q d = 1 (180), 2 (140), 4 (120 ns); range 1..1: k d = 1, 2, 4; range 0..1: (1,1), (1,2)
    assertThat(table).extracting(c -> c.firstUnit() + ".." + c.lastUnit())
        .containsExactly("0..0", "0..0", "0..0", "1..1", "1..1", "1..1", "0..1", "0..1");
    Cand c = table.get(7);
    assertThat(c.replication()).containsExactly(1, 2);
    assertThat(c.target()).isCloseTo(340e-9, within(1e-18));
    assertThat(c.latencySeconds()).isCloseTo(1723e-9, within(1e-18));
    assertThat(c.capacityUsed()).isEqualTo(3);
    assertThat(c.rowsWritten()).isEqualTo(6);
  }
}
