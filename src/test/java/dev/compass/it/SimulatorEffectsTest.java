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
import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.formulation.io.Json;
import dev.compass.pimsim.trace.Trace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The effects behind the instances where the simulator is more than 10% above the model (at batch
 * 1 on the CNNs of {@link SimulatorAgreementTest} and the random instances of
 * {@link SimulatorUnseenInstancesTest}; at B = 4 and 16 on the transformers of
 * {@link SimulatorUnseenZooTest}), each shown on partitions of one of those plans with the simulated
 * time written out by hand from the program (counts, bytes, MVMs) and the hardware's numbers. They
 * are what the model's formula idealizes, not simulator errors, and {@code ScheduleBound} proves it
 * for every such instance (no execution gets within 10% of the model there). Effect 1 (the weight
 * phase) is down to one row write per partition since the row-granular write model.
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
   * Effect 2, transfers at the ends of a pipeline at B = 1. The model's compute phase is
   * {@code max(F + (B-1)*tau, bytesIO/bwDram)}: traffic may hide under any stage's work. In the
   * simulator (as in the model's fill) a stage hands an image on whole; the loads feed only the
   * first stage and the stores come only from the last. mobilenet_v2's partition features.3.conv.2
   * .. features.4.conv.2 (DP LATENCY plan on compass-l, B = 1) is a chain of 4 stages whose first
   * stage reads two loads that take longer than its compute: it finishes its last segment
   * {@code t1/K1} after the loads have arrived, then the other three stages run, then the last
   * segment's store: {@code T_compute = L + t1/K1 + t2 + t3 + t4 + S/K4}, where the model says
   * {@code max(t1+t2+t3+t4, (L+S))}.
   */
  @Test
  void atBatchOneTheLoadOfTheFirstStageAndTheStoreOfTheLastAreExposed() {
    Row r = SimAgreement.run("mobilenet_v2", "compass-l", 1, SimAgreement.DP_LATENCY);
    HardwareSpec hw = r.costModel().hardware();
    Program prog = r.program();
    int k = partitionOf(prog, "features.3.conv.2");
    PartitionProgram pp = prog.partitions().get(k);
    PartitionCost pc = r.cost().partitions().get(k);
    PartitionResult pr = r.sim().partitions().get(k);
    List<StageTask> st = pp.stages();
    assertThat(st).extracting(StageTask::name)
        .containsExactly("features.3.conv.2", "features.4.conv.0.0", "features.4.conv.1.0", "features.4.conv.2");

    double load = 0;
    for (var l : pp.loads()) load += l.transfer().bytesPerImage();
    double loadTime = load / hw.bwDram();
    // only the first stage waits for loads; only the last stores
    assertThat(st.get(0).needs()).hasSize(pp.loads().size());
    for (int s = 1; s < st.size(); s++) assertThat(st.get(s).needs()).isEmpty();
    for (int s = 0; s < st.size() - 1; s++) assertThat(st.get(s).stores()).isEmpty();
    double store = st.get(3).stores().stream().mapToDouble(Transfer::bytesPerImage).sum();
    double[] t = new double[4];
    for (int s = 0; s < 4; s++) t[s] = maxMvms(st.get(s)) * hw.mvmTime();
    // the first stage is load-bound: each of its segments is shorter than a chunk of the loads
    assertThat(t[0] / segmentsOf(st.get(0))).isLessThan(loadTime / SimOptions.DEFAULT_SEGMENTS);

    double expected = loadTime + t[0] / segmentsOf(st.get(0)) + t[1] + t[2] + t[3] + store / hw.bwDram() / segmentsOf(st.get(3));
    assertThat(pr.computeSeconds()).isCloseTo(expected, within(1e-9 * expected));
    // the model: fill t1+..+t4 against all traffic (L + S), the larger
    double model = Math.max(t[0] + t[1] + t[2] + t[3], (load + store) / hw.bwDram());
    assertThat(pc.latencySeconds() - pc.writeSeconds()).isCloseTo(model, within(1e-9 * model));
    assertThat(pr.computeSeconds() / model).as("the exposed load and store").isGreaterThan(1.4);
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
   * Effect 5 on a real transformer, the largest deviations of {@link SimulatorUnseenZooTest}:
   * FORMULATION.md §8.1 gives the whole chip one vector rate ({@code vecMacRate}), but §4 adds a
   * stage's attention time to that stage's own {@code t_s} only, so a partition holding several
   * attention stages pipelines them as if each had the chip's vector rate to itself. The chip's one
   * vector unit must do all of them: per partition, the compute phase is at least
   * {@code B * sum_s macs_s / vecMacRate}, written out here from the program's counts. bert_base,
   * the DP's LATENCY plan on compass-s, B = 16: in every partition with two or more attention stages
   * the simulated compute phase is at least that sum, which is above the model's compute term; the
   * plan is +37% above the model, and within 10% of {@code ScheduleBound}, which proves that no
   * execution gets closer.
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
      assertThat(pr.computeSeconds()).as("partition %d", pp.index()).isGreaterThanOrEqualTo(vectorWork * (1 - 1e-9));
      assertThat(pc.latencySeconds() - pc.writeSeconds()).as("partition %d: the model's compute term", pp.index())
          .isLessThan(vectorWork);
      checked++;
    }
    assertThat(checked).as("partitions with two or more attention stages").isGreaterThanOrEqualTo(3);
    assertThat(r.latencyDeviation()).isGreaterThan(0.30);
    assertThat(r.boundDeviation()).isGreaterThan(0.30);
    assertThat(r.attainableDeviation()).isBetween(0.0, 0.10);
    // the diagnostic: give every stage a vector unit of its own (the model's assumption) and the
    // same program runs within 10% of the model; the one vector rate is the whole difference
    double perStage = PimSim.simulate(prog, 16, new SimOptions(SimOptions.DEFAULT_SEGMENTS, false, true)).latencySeconds();
    assertThat(perStage / r.cost().latencySeconds() - 1).isBetween(0.0, 0.10);
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
   * Effect 3, the drain of a DRAM-heavy pipeline (B = 16). resnet50's partition layer1.2.conv1 ..
   * (DP LATENCY plan on compass-m) has a long fill ({@code F = 134 us}, {@code tau = 17.9 us}) and
   * traffic close to its compute ({@code bytesIO/bwDram = 392 us} against
   * {@code F + 15*tau = 403 us}); the model takes the larger, 403 us. In the simulator the channel
   * is busy exactly {@code bytesIO/bwDram} (same bytes), but the loads feed the first stage and are
   * all done while the last stages still drain the pipeline; the stores then come only at the last
   * stage's pace, one image per {@code tau}, so the channel idles in the drain. The compute phase
   * is the busy time plus that idle time, all of which lies after the last load.
   */
  @Test
  void aDramHeavyPipelineIdlesTheChannelWhileItDrains() throws IOException {
    Row r = SimAgreement.run("resnet50", "compass-m", 16, SimAgreement.DP_LATENCY);
    HardwareSpec hw = r.costModel().hardware();
    Program prog = r.program();
    int k = partitionOf(prog, "layer1.2.conv1");
    PartitionCost pc = r.cost().partitions().get(k);
    Trace trace = new Trace();
    var sim = PimSim.simulate(prog, 16, trace);
    PartitionResult pr = sim.partitions().get(k);
    double t0 = 0;
    for (int i = 0; i < k; i++) t0 += sim.partitions().get(i).latencySeconds();
    double computeStart = t0 + pr.writeSeconds();
    double end = t0 + pr.latencySeconds();

    // the DRAM slices of this partition's compute phase (loads and stores), from the trace
    JsonNode root = Json.MAPPER.readTree(trace.toJson());
    Map<Integer, String> tracks = new HashMap<>();
    for (JsonNode e : root.get("traceEvents")) {
      if (e.get("ph").asText().equals("M") && e.get("name").asText().equals("thread_name")) tracks.put(e.get("tid").asInt(), e.get("args").get("name").asText());
    }
    List<double[]> spans = new ArrayList<>();
    double lastLoadEnd = 0;
    for (JsonNode e : root.get("traceEvents")) {
      if (!e.get("ph").asText().equals("X") || !tracks.get(e.get("tid").asInt()).startsWith(Trace.DRAM)) continue;
      if (e.get("args").get("partition").asInt() != k || e.get("cat").asText().equals("weights")) continue;
      double s = e.get("ts").asDouble() * 1e-6;
      double f = s + e.get("dur").asDouble() * 1e-6;
      spans.add(new double[] {s, f});
      if (e.get("cat").asText().equals("load")) lastLoadEnd = Math.max(lastLoadEnd, f);
    }
    spans.sort((a, b) -> Double.compare(a[0], b[0]));
    double busy = 0;
    double idle = 0;
    double idleAfterLoads = 0;
    double cur = computeStart;
    for (double[] x : spans) {
      if (x[0] > cur) {
        idle += x[0] - cur;
        if (cur >= lastLoadEnd - 1e-12) idleAfterLoads += x[0] - cur;
      }
      busy += x[1] - x[0];
      cur = Math.max(cur, x[1]);
    }
    double io = pc.ioBytes() / hw.bwDram();
    double modelCompute = pc.latencySeconds() - pc.writeSeconds();
    // the model: compute-bound, F + 15 tau just above the traffic
    assertThat(modelCompute).isCloseTo(pc.fillSeconds() + 15 * pc.tauSeconds(), within(1e-9 * modelCompute));
    assertThat(io).isBetween(0.9 * modelCompute, modelCompute);
    // the simulator: the channel carries the same bytes, ends with the last store, and idles only after the loads
    assertThat(busy).isCloseTo(io, within(1e-9 * io));
    assertThat(end - cur).isCloseTo(0, within(1e-12));
    assertThat(pr.computeSeconds()).isCloseTo(busy + idle, within(1e-9 * busy));
    assertThat(idleAfterLoads).isCloseTo(idle, within(1e-12));
    // so the excess over the model (+15% on this partition) is the drain's idle channel
    assertThat(pr.computeSeconds() / modelCompute - 1).isGreaterThan(0.10);
    assertThat(idle).isGreaterThan(pr.computeSeconds() - modelCompute);
  }
}
