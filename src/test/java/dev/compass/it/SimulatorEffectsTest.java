package dev.compass.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.compass.costmodel.PartitionCost;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.it.SimAgreement.Row;
import dev.compass.pimsim.PimSim;
import dev.compass.pimsim.program.PartitionProgram;
import dev.compass.pimsim.program.Program;
import dev.compass.pimsim.program.Replica;
import dev.compass.pimsim.program.RowWrite;
import dev.compass.pimsim.program.StageTask;
import dev.compass.pimsim.program.Transfer;
import dev.compass.pimsim.program.WeightRead;
import dev.compass.pimsim.sim.PartitionResult;
import dev.compass.pimsim.sim.SimOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The effects of docs/pimsim.md ("What the simulator adds to the analytical model"), each shown on
 * partitions of real plans with the simulated time written out by hand from the program (counts,
 * bytes, MVMs) and the hardware's numbers: the weight phase (one row write), the exposed ends at
 * B = 1 (one segment and one store chunk beyond v2's fill), the single-MVM stage (load, compute and
 * store in series: a term the contract leaves out), the one vector rate (now in the model), the
 * DRAM drain (removed by the channel's priority).
 */
class SimulatorEffectsTest {
  /** Whole-image segments of a stage: {@code min(K, ceil(P/d))} (docs/pimsim.md, granularity). */
  private static int segmentsOf(StageTask s) {
    return (int) Math.min(SimOptions.DEFAULT_SEGMENTS, maxMvms(s));
  }

  private static long maxMvms(StageTask s) {
    long m = 0;
    for (Replica r : s.replicas()) m = Math.max(m, r.mvmsPerImage());
    return m;
  }

  private static int partitionOf(Program prog, String stage) {
    for (PartitionProgram p : prog.partitions()) for (StageTask s : p.stages()) if (s.name().equals(stage)) return p.index();
    throw new AssertionError("no partition holds " + stage);
  }

  /**
   * Effect 1, the weight phase, now one row write. The model's
   * {@code T_write = max(bytesW/bwDram, rowsW*tRow/ports)} treats row writes as a fluid over the
   * ports; the simulator writes each row (one port, {@code tRow}) once its bytes have arrived, any
   * port taking any row. googlenet's inception4b.branch3.0.conv, layerwise on compass-l: 2 arrays
   * x 8 replicas, 64 ports, so each row's 8 copies go out at once and the pool keeps up with the
   * read (a row's port was last used {@code floor(64/8) = 8} rows earlier, at least
   * {@code tRow} ago): every row is written when it arrives, and the phase ends one row write after
   * the last read, {@code bytesW/bwDram + tRow}. (With whole-array jobs on one port each, it ended
   * one array write, {@code rows * tRow} = 0.512 us, after the read: 0.752 us against 0.240 us.)
   */
  @Test
  void weightPhaseEndsOneRowWriteAfterTheLastRead() {
    Row r = SimAgreement.run("googlenet", "compass-l", 1, SimAgreement.LAYERWISE);
    HardwareSpec hw = r.costModel().hardware();
    Program prog = r.program();
    int k = partitionOf(prog, "inception4b.branch3.0.conv");
    PartitionProgram pp = prog.partitions().get(k);
    PartitionCost pc = r.cost().partitions().get(k);
    PartitionResult pr = r.sim().partitions().get(k);

    double bytes = 0;
    long rowsW = 0;
    for (WeightRead w : pp.weightReads()) {
      bytes += w.bytes();
      for (RowWrite x : w.writes()) rowsW += x.rows();
      long rows = w.writes().stream().mapToLong(RowWrite::rows).max().orElseThrow();
      double perRow = w.bytes() / hw.bwDram() / rows;
      // the pool keeps up: the port a row takes was last used floor(P / copies) rows earlier, >= tRow ago
      assertThat((hw.writePorts() / w.writes().size()) * perRow).as("ports keep up with the read").isGreaterThanOrEqualTo(hw.tRow());
    }
    // the model: DRAM-bound, bytesW/bw
    assertThat(bytes / hw.bwDram()).isGreaterThan(rowsW * hw.tRow() / hw.writePorts());
    assertThat(pc.writeSeconds()).isCloseTo(bytes / hw.bwDram(), within(1e-12 * pc.writeSeconds()));
    // the simulator: one more row write (2 ns) after the last read: 0.242 us against 0.240 us
    double expected = bytes / hw.bwDram() + hw.tRow();
    assertThat(pr.writeSeconds()).isCloseTo(expected, within(1e-9 * expected));
    assertThat(pr.writeSeconds() / pc.writeSeconds() - 1).as("within 1% of the model's write phase").isLessThan(0.01);
  }

  /**
   * Effect 2, transfers at the ends of a pipeline at B = 1, under v2. The v2 fill makes a stage wait
   * for its loads ({@code f_s = max(L_s/bwDram, t_s + max f_pred)}); what the simulator adds is one
   * segment and one store chunk: in a chain whose first stage reads every load and whose last stage
   * does every store, the first stage finishes its last segment {@code t1/K1} after its loads are in,
   * the others follow whole images, and the last segment's store comes after:
   * {@code T_compute = max(L/bwDram + t1/K1, t1) + t2 + ... + tn + S/Kn}, where v2 says
   * {@code max(max(L/bwDram, t1) + t2 + ... + tn, (L + S)/bwDram)}. Checked on every such partition of
   * the DP, greedy and layerwise LATENCY plans of mobilenet_v2 and resnet50 on compass-s/m/l at B = 1
   * with a load-bound first stage, each by hand.
   */
  @Test
  void atBatchOneTheLoadOfTheFirstStageAndTheStoreOfTheLastAreExposed() {
    int checked = 0;
    for (String model : List.of("mobilenet_v2", "resnet50")) for (String chip : List.of("compass-s", "compass-m", "compass-l"))
    for (SimAgreement.Plan plan : List.of(SimAgreement.DP_LATENCY, SimAgreement.GREEDY, SimAgreement.LAYERWISE)) {
    Row r = SimAgreement.run(model, chip, 1, plan);
    HardwareSpec hw = r.costModel().hardware();
    Program prog = r.program();
    for (PartitionProgram pp : prog.partitions()) {
      List<StageTask> st = pp.stages();
      int n = st.size();
      if (n < 2 || pp.loads().isEmpty() || st.get(0).needs().size() != pp.loads().size()) continue;
      boolean chain = true;
      for (int s = 1; s < n; s++) chain &= st.get(s).needs().isEmpty() && st.get(s).after().equals(List.of(st.get(s - 1).name()));
      for (int s = 0; s < n - 1; s++) chain &= st.get(s).stores().isEmpty();
      for (StageTask x : st) chain &= x.vectorMacs() == 0;
      if (!chain) continue;
      double load = pp.loads().stream().mapToDouble(l -> l.transfer().bytesPerImage()).sum() / hw.bwDram();
      double store = st.get(n - 1).stores().stream().mapToDouble(Transfer::bytesPerImage).sum() / hw.bwDram();
      double[] t = new double[n];
      double rest = 0;
      for (int s = 0; s < n; s++) t[s] = maxMvms(st.get(s)) * hw.mvmTime();
      for (int s = 1; s < n; s++) rest += t[s];
      // the first stage is load-bound: each of its segments is shorter than a chunk of the loads
      if (!(t[0] / segmentsOf(st.get(0)) < load / SimOptions.DEFAULT_SEGMENTS)) continue;
      PartitionCost pc = r.cost().partitions().get(pp.index());
      PartitionResult pr = r.sim().partitions().get(pp.index());
      double expected = Math.max(load + t[0] / segmentsOf(st.get(0)), t[0]) + rest + store / segmentsOf(st.get(n - 1));
      assertThat(pr.computeSeconds()).as("partition %d", pp.index()).isCloseTo(expected, within(1e-9 * expected));
      double v2 = Math.max(Math.max(load, t[0]) + rest, load + store);
      assertThat(pc.latencySeconds() - pc.writeSeconds()).as("partition %d", pp.index()).isCloseTo(v2, within(1e-9 * v2));
      checked++;
    }
    }
    assertThat(checked).as("load-bound chains in the plans").isGreaterThanOrEqualTo(1);
  }

  /**
   * Effect 2 at its extreme: a stage with one MVM per image (a Dense layer, {@code P = 1}) cannot
   * stream. Its one MVM needs its whole input vector, so it computes the image in one segment
   * ({@code min(K, ceil(P/d)) = 1}): at B = 1 the load, the MVM and the store run one after another,
   * {@code L + t + S}, where the model says {@code max(t, L + S)}. The unseen instance seed 1038
   * (random network and chip, ARRAY, B = 1, the DP's LATENCY plan) ends with such partitions (the
   * classifier {@code fc}, cut into column units); they are why that plan is +14.5% above the model.
   */
  @Test
  void aSingleMvmStageLoadsComputesAndStoresInSeries() {
    long seed = 1038;
    var m = dev.compass.costmodel.CostModel.of(RandomInstances.network(seed), RandomInstances.chip(seed,
        dev.compass.formulation.hardware.Allocation.ARRAY), 1);
    HardwareSpec hw = m.hardware();
    var cost = new dev.compass.solvers.dp.DpSolver().solve(m, dev.compass.formulation.plan.Objective.LATENCY,
        dev.compass.solvers.SolverOptions.DEFAULT).cost().orElseThrow();
    Program prog = PimSim.compile(m.mapping(), cost.plan());
    var sim = PimSim.simulate(prog, 1);
    int checked = 0;
    for (PartitionProgram pp : prog.partitions()) {
      if (pp.stages().size() != 1 || pp.stages().get(0).mvmsPerImage() != 1) continue;
      StageTask st = pp.stages().get(0);
      assertThat(st.vectorMacs()).isZero();
      double load = pp.loads().stream().mapToDouble(l -> l.transfer().bytesPerImage()).sum() / hw.bwDram();
      double store = st.stores().stream().mapToDouble(Transfer::bytesPerImage).sum() / hw.bwDram();
      double t = hw.mvmTime(); // one MVM
      double expected = load + t + store;
      PartitionResult pr = sim.partitions().get(pp.index());
      PartitionCost pc = cost.partitions().get(pp.index());
      assertThat(pr.computeSeconds()).as("partition %d", pp.index()).isCloseTo(expected, within(1e-9 * expected));
      double model = Math.max(t, load + store);
      assertThat(pc.latencySeconds() - pc.writeSeconds()).isCloseTo(model, within(1e-9 * model));
      assertThat(pr.computeSeconds() / model).as("partition %d: serial, not overlapped", pp.index()).isGreaterThan(1.5);
      checked++;
    }
    assertThat(checked).as("single-MVM partitions in the plan").isGreaterThanOrEqualTo(2);
    assertThat(sim.latencySeconds() / cost.latencySeconds() - 1).isBetween(0.10, 0.20);
  }

  /**
   * Effect 5, the chip's one vector rate (FORMULATION.md §8.1), which v2 puts into the model
   * ({@code tau = max(max_s t_s, V)}, {@code F >= V}, {@code V = sum_s v_s}). bert_base, the DP's
   * LATENCY plan on compass-s, B = 16: in every partition with two or more attention stages the
   * simulated compute phase is at least {@code B * sum_s macs_s / vecMacRate} (written out from the
   * program's counts), the model's compute term is too, and the two are within 5% (v1: +37% on
   * this plan). With a vector unit per stage (the v1 assumption, {@code SimOptions.vectorUnitPerStage})
   * the same program runs faster than the v2 model.
   */
  @Test
  void attentionStagesShareTheChipsOneVectorRate() {
    Row r = SimAgreement.run("bert_base", "compass-s", 16, SimAgreement.DP_LATENCY);
    HardwareSpec hw = r.costModel().hardware();
    Program prog = r.program();
    int checked = 0;
    for (PartitionProgram pp : prog.partitions()) {
      long macs = 0;
      int attention = 0;
      for (StageTask st : pp.stages()) {
        macs += st.vectorMacs();
        if (st.vectorMacs() > 0) attention++;
      }
      if (attention < 2) continue;
      double vectorWork = 16.0 * macs / hw.vecMacRate();
      PartitionCost pc = r.cost().partitions().get(pp.index());
      PartitionResult pr = r.sim().partitions().get(pp.index());
      double modelCompute = pc.latencySeconds() - pc.writeSeconds();
      assertThat(pr.computeSeconds()).as("partition %d", pp.index()).isGreaterThanOrEqualTo(vectorWork * (1 - 1e-9));
      assertThat(modelCompute).as("partition %d: the model's compute term", pp.index()).isGreaterThanOrEqualTo(vectorWork * (1 - 1e-9));
      assertThat(pr.computeSeconds() / modelCompute - 1).as("partition %d", pp.index()).isBetween(-0.05, 0.05);
      checked++;
    }
    assertThat(checked).as("partitions with two or more attention stages").isGreaterThanOrEqualTo(1);
    assertThat(r.latencyDeviation()).isBetween(-0.05, 0.05);
    double perStage = PimSim.simulate(prog, 16, new SimOptions(SimOptions.DEFAULT_SEGMENTS, false, true)).latencySeconds();
    assertThat(perStage).isLessThan(r.sim().latencySeconds());
  }

  /**
   * The same partition at B = 16: the exposed load and store are paid once per batch, so the
   * compute phase is within 10% of the model's.
   */
  @Test
  void atBatchSixteenTheSameEffectIsAmortized() {
    Row r = SimAgreement.run("mobilenet_v2", "compass-l", 1, SimAgreement.DP_LATENCY);
    Program prog = r.program();
    int k = partitionOf(prog, "features.3.conv.2");
    var m16 = r.costModel().withBatch(16);
    var cost16 = m16.evaluate(r.cost().plan());
    var sim16 = PimSim.simulate(prog, 16);
    double model = cost16.partitions().get(k).latencySeconds();
    assertThat(sim16.partitions().get(k).latencySeconds() / model - 1).isBetween(0.0, 0.10);
  }

  /**
   * Effect 3, the drain of a DRAM-heavy pipeline (B = 16): the simulator's part is gone. With a FIFO
   * channel and loads issued one image ahead, a partition with a long fill and traffic close to its
   * compute idled the channel while the pipeline drained (resnet50 on compass-m, B = 16, a partition
   * with {@code F = 134 us} and traffic 392 us against {@code F + 15*tau = 403 us} simulated at
   * 465 us, +15%, where no execution needed more than +0.01%). The channel now queues every image's
   * loads at the start and serves loads (earlier images first) before stores: every DRAM-heavy
   * partition (traffic at least 90% of the model's compute phase, fill at least a quarter of it) of
   * resnet50's DP plan on compass-m and compass-l at B = 16 has its compute phase within 0.5% of
   * {@code ScheduleBound}'s, the least any execution needs. What remains above the model is the
   * contract's: stores come only from the last stages, after the fill, and the loads' readers need
   * them early, so the channel cannot spread the traffic over the whole phase as
   * {@code max(T_compute, bytesIO/bwDram)} assumes (compass-l, the partition layer2.0.conv1 ..
   * layer2.3.conv3: model 376.3 us, simulated 401.9 us, bound 401.7 us).
   */
  @Test
  void aDramHeavyPipelineKeepsTheChannelBusyWhileItDrains() {
    int checked = 0;
    for (String chip : List.of("compass-m", "compass-l")) {
      Row r = SimAgreement.run("resnet50", chip, 16, SimAgreement.DP_LATENCY);
      HardwareSpec hw = r.costModel().hardware();
      for (int k = 0; k < r.cost().partitions().size(); k++) {
        PartitionCost pc = r.cost().partitions().get(k);
        double modelCompute = pc.latencySeconds() - pc.writeSeconds();
        double io = pc.ioBytes() / hw.bwDram();
        if (io < 0.9 * modelCompute || pc.fillSeconds() < 0.25 * modelCompute) continue;
        PartitionResult pr = r.sim().partitions().get(k);
        var pb = r.bound().partitions().get(k);
        double boundCompute = pb.latencySeconds() - pb.weightSeconds();
        assertThat(pr.computeSeconds() / boundCompute - 1).as("%s partition %d", chip, k).isBetween(-1e-9, 0.005);
        checked++;
      }
    }
    assertThat(checked).as("DRAM-heavy partitions with a long fill").isGreaterThanOrEqualTo(2);
  }
}
