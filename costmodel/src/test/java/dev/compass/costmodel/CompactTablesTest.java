package dev.compass.costmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.plan.Partition;
import dev.compass.formulation.plan.PartitionPlan;
import dev.compass.formulation.zoo.ModelZoo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The compact tables reassemble {@link CostModel#evaluate}: random plans (random cuts, each partition at a
 * random candidate target of the §4 scan) are priced from {@link CompactTables} alone with the algebra of its
 * Javadoc (separations from the plan's cuts, levels from the replication) and compared partition by partition
 * with the cost model, transformers (attention, V) and batch 1 (first-image loads) included.
 */
class CompactTablesTest {

  @ParameterizedTest
  @CsvSource({
      "resnet18, compass-s, 1", "resnet18, compass-m, 16", "squeezenet1_0, compass-m, 1", "googlenet, compass-l, 4",
      "gpt2, compass-m, 1", "bert_base, compass-l, 16", "vit_b_16, compass-s, 4", "resnet18, tiny, 2", "resnet50, compass-l, 1"})
  void tablesReassembleTheCostModel(String net, String hwName, int batch) {
    HardwareSpec hw = HardwarePresets.get(hwName);
    CostModel m = CostModel.of(ModelZoo.build(net), hw, batch);
    CompactTables tab = CompactTables.of(m);
    Random rnd = new Random(net.hashCode() * 31L + batch);
    RangeScanner sc = m.scanner();
    int trials = m.units() > 5000 ? 3 : 20; // row-chunked tiny cases have tens of thousands of units
    for (int trial = 0; trial < trials; trial++) {
      List<Partition> parts = new ArrayList<>();
      int i = 0;
      while (i < m.units()) {
        int jmax = m.maxLast(i);
        int j = i + rnd.nextInt(jmax - i + 1);
        sc.setRange(i, j);
        double[] tau = new double[sc.maxCandidates()];
        int c = sc.candidates(tau, new double[tau.length], new double[tau.length]);
        parts.add(new Partition(i, j, sc.costAtStep(i, j, rnd.nextInt(c)).replication()));
        i = j + 1;
      }
      PartitionPlan plan = new PartitionPlan(parts);
      PlanCost cost = m.evaluate(plan);
      int[] cut = new int[m.units()]; // cut[u]: partitions starting in 1..u
      for (Partition p : parts) if (p.firstUnit() > 0) cut[p.firstUnit()] = 1;
      for (int u = 1; u < m.units(); u++) cut[u] += cut[u - 1];
      double energy = tab.constantEnergy();
      double latency = 0;
      for (int k = 0; k < parts.size(); k++) {
        Partition p = parts.get(k);
        double[] te = reassemble(tab, m, p, cut);
        PartitionCost pc = cost.partitions().get(k);
        assertThat(te[0]).as("T(p) of %s units %d..%d", net, p.firstUnit(), p.lastUnit())
            .isCloseTo(pc.latencySeconds(), within(1e-9 * pc.latencySeconds()));
        latency += te[0];
        energy += te[1];
      }
      energy += tab.staticPower() * latency;
      assertThat(latency).isCloseTo(cost.latencySeconds(), within(1e-9 * cost.latencySeconds()));
      assertThat(energy).isCloseTo(cost.energyJoules(), within(1e-9 * cost.energyJoules()));
    }
  }

  @ParameterizedTest
  @CsvSource({"resnet18, tiny", "vgg16, tiny"})
  void partialSumLoadsAreTheMappingsPreviousChunk(String net, String hwName) {
    CostModel m = CostModel.of(ModelZoo.build(net), HardwarePresets.get(hwName), 1);
    CompactTables tab = CompactTables.of(m);
    var map = m.mapping();
    int chunked = 0;
    for (int u = 0; u < m.units(); u++) {
      // §3: chunk r > 0 loads chunk r-1's partial sums, P * outputsInTile * psumBits / 8 bytes per image
      double expected = map.unitChunk(u) > 0 ? map.unitPsumBits(u - 1) / 8.0 / tab.bandwidth() : 0;
      assertThat(tab.psumLoadSeconds(u)).isEqualTo(expected);
      if (map.unitChunk(u) > 0) {
        chunked++;
        assertThat(expected).isPositive();
        // a chunk r > 0 never shares a partition with chunk r-1 (which fills the chip)
        assertThat(m.valid(u - 1, u)).isFalse();
      }
    }
    assertThat(chunked).isPositive();
  }

  /** {@code sep(a, b)}: a cut lies in {@code (a, b]}. */
  private static boolean sep(int[] cuts, int a, int b) {
    return cuts[b] > cuts[a];
  }

  /** T(p) and the energy charged per partition except constant and static energy, from the tables only. */
  private static double[] reassemble(CompactTables tab, CostModel m, Partition p, int[] cut) {
    int i = p.firstUnit();
    int j = p.lastUnit();
    int s0 = tab.unitStage(i);
    int s1 = tab.unitStage(j);
    int b = tab.batch();
    double[] t = new double[s1 - s0 + 1];
    long[] d = new long[t.length];
    double vec = 0;
    for (int s = s0; s <= s1; s++) {
      d[s - s0] = p.replication().getOrDefault(m.stageName(s), 1);
      long[] lv = tab.levels(s);
      int l = 0;
      while (lv[l] != d[s - s0]) l++; // the replication is a rung (least for its target)
      t[s - s0] = tab.levelSeconds(s)[l];
      vec += tab.attentionSeconds(s);
    }
    double target = 0;
    for (double x : t) target = Math.max(target, x);
    double[] f = new double[t.length];
    double fill = vec;
    for (int s = s0; s <= s1; s++) {
      double load = tab.loadConstantSeconds(s);
      for (CompactTables.LoadTerm lt : tab.loadTerms(s)) if (lt.unit() < i) load += lt.seconds();
      for (int u = Math.max(i, tab.stageFirstUnit(s)); u <= Math.min(j, tab.stageLastUnit(s)); u++) load += tab.psumLoadSeconds(u);
      double in = 0;
      for (int q : tab.predecessors(s)) if (q >= s0 && q < s) in = Math.max(in, f[q - s0]);
      f[s - s0] = Math.max(load, t[s - s0] + in);
      fill = Math.max(fill, f[s - s0]);
    }
    double compute = fill + (b - 1) * Math.max(target, vec);
    double bytesW = 0;
    double rowsW = 0;
    double io = 0;
    for (int u = i; u <= j; u++) {
      bytesW += tab.weightBytes(u);
      rowsW += d[tab.unitStage(u) - s0] * tab.rows(u);
      double x = tab.trafficConstantBytes(u);
      for (CompactTables.SepTerm st : tab.trafficTerms(u)) if (sep(cut, st.a(), st.b())) x += st.bytes();
      io += b * x;
    }
    double write = Math.max(bytesW / tab.bandwidth(), rowsW * tab.rowSeconds());
    double time = write + Math.max(compute, io / tab.bandwidth());
    return new double[] {time, rowsW * tab.rowEnergy() + io * tab.dramEnergy()};
  }
}
