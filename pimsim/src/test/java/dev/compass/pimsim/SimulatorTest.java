package dev.compass.pimsim;

import static dev.compass.pimsim.Fixtures.chip;
import static dev.compass.pimsim.Fixtures.map;
import static dev.compass.pimsim.Fixtures.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.plan.Partition;
import dev.compass.formulation.plan.PartitionPlan;
import dev.compass.pimsim.program.ArraySlot;
import dev.compass.pimsim.program.PartitionProgram;
import dev.compass.pimsim.program.WeightRead;
import dev.compass.pimsim.program.Program;
import dev.compass.pimsim.program.Transfer;
import dev.compass.pimsim.sim.PartitionResult;
import dev.compass.pimsim.sim.SimOptions;
import dev.compass.pimsim.sim.SimResult;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Hand-computed cases on the chip of {@link Fixtures} (1 MVM = 2 us, 8 bytes/us, 0.1 us per row). */
class SimulatorTest {
  private static final double US = 1e-6;
  private static final Offset<Double> T = within(1e-12);
  private static final Offset<Double> E = within(1e-9);

  private static SimResult sim(dev.compass.formulation.network.Network net, HardwareSpec hw, PartitionPlan plan, int b) {
    // whole-image transfers (K = 1) keep the hand arithmetic short; streaming has its own test
    return PimSim.simulate(PimSim.compile(net, hw, plan), b, WHOLE);
  }

  private static final SimOptions WHOLE = new SimOptions(1);

  @Test
  void weightPhaseStreamsReadsIntoWrites() {
    // chain2, d = 1: two units of one array each; each array: 8 rows x 8 outputs x 1 bit = 64 bits = 8 B.
    // read 0: [0, 1] us (8 B at 8 B/us), its 8 rows arrive every 1 B / 8 B/us = 0.125 us: at 0.125 k;
    // read 1: [1, 2], its rows at 1 + 0.125 k. So row n (1..16, both reads) arrives at 0.125 n, and the
    // one port (0.1 us per row) keeps up: row n is written [0.125 n, 0.125 n + 0.1]; the last one
    // [2.0, 2.1]  ->  T_write = 2.1 us (model: max(16 B / 8, 16 rows x 0.1 / 1) = 2 us; the last row's write
    // follows the read). (Whole-array writes, before: [1, 1.8] and [2, 2.8] -> 2.8 us.)
    SimResult r = sim(Fixtures.chain2(), chip(Allocation.ARRAY), single(2), 1);
    PartitionResult p = r.partitions().get(0);
    assertThat(p.writeSeconds()).isCloseTo(2.1 * US, T);
    assertThat(p.weightBytes()).isEqualTo(16.0);
    assertThat(p.rowsWritten()).isEqualTo(16);
    assertThat(p.energy().weightDram()).isCloseTo(16.0, E); // 16 B x 1 J/B
    assertThat(p.energy().rowWrites()).isCloseTo(48.0, E); // 16 rows x 3 J
  }

  @Test
  void weightPhaseBoundByWritePorts() {
    // tRow = 1 us per row. Row n (1..16 over both reads) arrives at 0.125 n us (8 B per read at 8 B/us).
    // one port: S_1 = 0.125, then back to back (S_n = max(0.125 n, S_(n-1) + 1) = 0.125 + (n-1)):
    //   S_16 = 15.125, ends 16.125 us (model: max(2, 16 rows x 1 us / 1 port) = 16 us; the first row
    //   cannot be written before it arrives).
    SimResult one = sim(Fixtures.chain2(), chip(Allocation.ARRAY, 1e-6, 1, 8e6), single(2), 1);
    assertThat(one.partitions().get(0).writeSeconds()).isCloseTo(16.125 * US, T);
    // two ports: S_n = max(0.125 n, S_(n-2) + 1): S_1 = 0.125, S_2 = 0.25, S_3 = 1.125, S_4 = 1.25, ...
    //   S_(2m+1) = m + 0.125, S_(2m+2) = m + 0.25; S_16 = 7.25, ends 8.25 us (model: max(2, 16/2) = 8 us).
    //   (Whole-array jobs, before: write 0 [1, 9], write 1 [2, 10] -> 10 us.) Rows of one array go to
    //   both ports: the two ports share array 0's rows 1..8 while read 1 is still running.
    SimResult two = sim(Fixtures.chain2(), chip(Allocation.ARRAY, 1e-6, 2, 8e6), single(2), 1);
    assertThat(two.partitions().get(0).writeSeconds()).isCloseTo(8.25 * US, T);
    // five arrays on four ports (effect 1 of docs/pimsim.md, before): branches has 5 arrays of 8 rows,
    // 40 rows at 1 us on 4 ports; reads 1e-15 s each (8 B at 8e15 B/s), so every row is there at once
    // (up to 5e-15 s): 40 / 4 = 10 rows per port -> 10 us (+ 5e-15), the model's 40 x 1 / 4 = 10 us.
    // Whole-array jobs took two array writes: 16 us.
    SimResult five = sim(Fixtures.branches(), chip(Allocation.ARRAY, 1e-6, 4, 8e15), single(4), 1);
    assertThat(five.partitions().get(0).writeSeconds()).isCloseTo(10 * US, within(1e-13));
  }

  @Test
  void weightReadsGoInJohnsonsOrder() {
    // chain2 with conv1 at d = 1 and conv2 at d = 4, one port of 0.1 us per row, 8 B/us. Per array read:
    // a = 8 B / 8 B/us = 1 us; port work b = copies x 8 rows x 0.1 us: conv1 0.8 us (a > b), conv2 3.2 us
    // (a <= b). Johnson's rule reads conv2 first: its 32 row writes run back to back from its first row's
    // arrival (0.125 us) to 3.325 us; conv1's rows (there by 2 us) follow: 3.325 + 8 x 0.1 = 4.125 us.
    // In stage order (conv1 first) the port would idle during conv1's read: conv1's rows done at 1.1 us,
    // conv2's 32 writes from 1.125 to 4.325 us. The model: max(16 B / 8, 40 rows x 0.1 / 1) = 4 us.
    Program prog = PimSim.compile(Fixtures.chain2(), chip(Allocation.ARRAY), single(2, "conv2", 4));
    assertThat(prog.partitions().get(0).weightReads()).extracting(w -> w.unit()).containsExactly(1, 0);
    SimResult r = PimSim.simulate(prog, 1, WHOLE);
    assertThat(r.partitions().get(0).writeSeconds()).isCloseTo(4.125 * US, T);
    assertThat(r.partitions().get(0).rowsWritten()).isEqualTo(40);
    // the same program with its reads put back in stage order
    PartitionProgram pp = prog.partitions().get(0);
    List<WeightRead> stageOrder = pp.weightReads().stream().sorted(Comparator.comparingInt(WeightRead::unit)).toList();
    Program staged = new Program(prog.network(), prog.hardware(), prog.units(), prog.networkInputs(),
        List.of(new PartitionProgram(pp.index(), pp.firstUnit(), pp.lastUnit(), stageOrder, pp.loads(), pp.stages())));
    assertThat(PimSim.simulate(staged, 1, WHOLE).partitions().get(0).writeSeconds()).isCloseTo(4.325 * US, T);
  }

  @Test
  void chainMakespanIsFillPlusBatchTimesBottleneck() {
    // chain2, d = 1, B = 3. Each stage: P = 16 MVMs x 2 us = 32 us, so F = 64, tau = 32,
    // F + (B-1) tau = 128 us. Around it: the first image's load of x (32 B = 4 us) before conv1
    // can start, and the last image's store of conv2's output (32 B = 4 us) after it ends.
    // compute phase = 4 + 128 + 4 = 136 us; latency = 2.1 (weights, weightPhaseStreamsReadsIntoWrites) + 136 = 138.1 us.
    SimResult r = sim(Fixtures.chain2(), chip(Allocation.ARRAY), single(2), 3);
    PartitionResult p = r.partitions().get(0);
    assertThat(p.computeSeconds()).isCloseTo(136 * US, T);
    assertThat(r.latencySeconds()).isCloseTo(138.1 * US, T);
    // compute: 3 images x 2 stages x 16 MVMs x 2 steps x 1 array x 2 J = 384 J
    assertThat(r.energy().compute()).isCloseTo(384.0, E);
    assertThat(p.arraySteps()).isEqualTo(192);
    // activations: 3 images x (32 B load + 32 B store) = 192 B x 1 J/B
    assertThat(p.ioBytes()).isEqualTo(192.0);
    assertThat(r.energy().activationDram()).isCloseTo(192.0, E);
    assertThat(r.energy().staticEnergy()).isCloseTo(0.5 * 138.1 * US, E);
    // dynamic = 384 + 192 + 16 + 48
    assertThat(r.dynamicEnergyJoules()).isCloseTo(640.0, E);
    assertThat(r.energyJoules()).isCloseTo(640.0 + 0.5 * 138.1 * US, E);
    // busy: 3 images x 2 stages x 32 us x 1 array = 192 us over 8 arrays x 138.1 us
    assertThat(r.arrayUtilization()).isCloseTo(192 / (8 * 138.1), within(1e-12));
  }

  @Test
  void replicasSplitTheMvmsAndAreAllWritten() {
    // conv1 d = 2: replicas 8 + 8 MVMs -> 16 us; conv2 32 us. F = 48, tau = 32, F + 2 tau = 112.
    // weights: read 0 [0, 1], row j (1..8) arrives at 0.125 j with two copies (r0, r1): 2 x 0.1 us of port
    // time per 0.125 us, so the one port falls behind and runs back to back from 0.125 (row j's copies
    // start at 0.125 + 0.2 (j-1) >= 0.125 j); read 1 [1, 2] rows arrive at 1.125 .. 2.0, each before the
    // port reaches it. rows: 2 x 8 + 8 = 24, busy without a gap: 0.125 + 24 x 0.1 = 2.525 us. compute phase = 4 (load) + 112 + 4 (store) = 120 us.
    SimResult r = sim(Fixtures.chain2(), chip(Allocation.ARRAY), single(2, "conv1", 2), 3);
    PartitionResult p = r.partitions().get(0);
    assertThat(p.writeSeconds()).isCloseTo(2.525 * US, T);
    assertThat(p.rowsWritten()).isEqualTo(24);
    assertThat(p.weightBytes()).isEqualTo(16.0); // read once, whatever d
    assertThat(p.computeSeconds()).isCloseTo(120 * US, T);
    assertThat(r.energy().compute()).isCloseTo(384.0, E); // replication does not change the MVM count
    assertThat(r.energy().rowWrites()).isCloseTo(72.0, E); // 24 rows x 3 J
  }

  @Test
  void oddSplitTakesTheCeiling() {
    // conv1 d = 3: 16 = 6 + 5 + 5 MVMs -> the stage takes 6 x 2 = 12 us.
    // B = 1: compute = 4 (load) + 12 + 32 + 4 (store) = 52 us.
    Program prog = PimSim.compile(Fixtures.chain2(), chip(Allocation.ARRAY), single(2, "conv1", 3));
    assertThat(prog.partitions().get(0).stages().get(0).replicas())
        .extracting(dev.compass.pimsim.program.Replica::mvmsPerImage).containsExactly(6L, 5L, 5L);
    assertThat(PimSim.simulate(prog, 1, WHOLE).partitions().get(0).computeSeconds()).isCloseTo(52 * US, T);
  }

  @Test
  void rowChunksSpillPartialSumsThroughDram() {
    // chunked: fc 72 -> 8, chunk 0 = unit 0 (8 arrays, 64 rows, 8 x 8 B), chunk 1 = unit 1 (1 array, 8 rows, 8 B).
    // partition 0 (unit 0): weights: reads [k, k+1] for k = 0..7, rows every 0.125 us, the port keeps up
    //   (0.1 us per row): the last row arrives at 8.0 and is written [8.0, 8.1] -> 8.1 us.
    //   compute (B = 1): load x 72 x 2 bits = 18 B (2.25 us), MVM P = 1 -> 2 us,
    //   store partial sums 1 x 8 outputs x 16 bits = 16 B (2 us) -> 6.25 us.
    // partition 1 (unit 1): weights: read [0, 1], last row [1.0, 1.1] -> 1.1 us.
    //   compute: load x [0, 2.25], load psum [2.25, 4.25], MVM -> 6.25, store output 8 x 2 bits = 2 B -> 6.5 us.
    PartitionPlan plan = Fixtures.plan(new int[] {0, 1, 2});
    SimResult r = sim(Fixtures.chunked(), chip(Allocation.ARRAY), plan, 1);
    PartitionResult p0 = r.partitions().get(0);
    PartitionResult p1 = r.partitions().get(1);
    assertThat(p0.writeSeconds()).isCloseTo(8.1 * US, T);
    assertThat(p0.computeSeconds()).isCloseTo(6.25 * US, T);
    assertThat(p0.ioBytes()).isEqualTo(34.0); // 18 + 16
    assertThat(p1.writeSeconds()).isCloseTo(1.1 * US, T);
    assertThat(p1.computeSeconds()).isCloseTo(6.5 * US, T);
    assertThat(p1.ioBytes()).isEqualTo(36.0); // 18 + 16 + 2
    assertThat(r.latencySeconds()).isCloseTo(21.95 * US, T); // 8.1 + 6.25 + 1.1 + 6.5
    // compute energy: p0 1 MVM x 2 steps x 8 arrays x 2 J = 32; p1 1 x 2 x 1 x 2 = 4
    assertThat(p0.energy().compute()).isCloseTo(32.0, E);
    assertThat(p1.energy().compute()).isCloseTo(4.0, E);
    Program prog = PimSim.compile(Fixtures.chunked(), chip(Allocation.ARRAY), plan);
    assertThat(prog.partitions().get(1).loads()).extracting(l -> l.transfer().kind())
        .containsExactly(Transfer.Kind.NETWORK_INPUT, Transfer.Kind.PARTIAL_SUM);
  }

  @Test
  void residualAndConcatBranchesRunAsDataflow() {
    // branches, d = 1, B = 2: conv1 -> {conv2a, conv2b} -> conv3 (+ conv1 side input). Every stage 32 us.
    // weights: 5 arrays of 8 B: reads [k, k+1], rows every 0.125 us, the port keeps up: last row [5.0, 5.1] -> 5.1 us.
    // compute: load x [0, 4]; conv1 i0 [4, 36], i1 [36, 68]; conv2a/2b i0 [36, 68], i1 [68, 100];
    // conv3 i0 [68, 100], i1 [100, 132]; store of the Add output (32 B) [132, 136] -> 136 us
    // = 4 + F (96) + (B-1) tau (32) + 4: exact here, the two branches are equally long.
    SimResult r = sim(Fixtures.branches(), chip(Allocation.ARRAY), single(4), 2);
    PartitionResult p = r.partitions().get(0);
    assertThat(p.writeSeconds()).isCloseTo(5.1 * US, T);
    assertThat(p.computeSeconds()).isCloseTo(136 * US, T);
    // per image: load x 32 B, store the output 32 B; conv1's output stays on chip
    assertThat(p.ioBytes()).isEqualTo(2 * 64.0);
  }

  @Test
  void unequalBranchesFinishBeforeTheModelsBound() {
    // diamond on an 8 x 8-array chip, DRAM so fast that transfers vanish (32 B at 8e15 B/s = 4e-15 s).
    // conv1 d=16 -> 1 MVM = 2 us; convB d=2 -> 16 us (the bottleneck); convA1, convA2 d=3 -> 6 MVMs = 12 us;
    // conv4 (2 arrays) d=16 -> 2 us. Paths: A = conv1, convA1, convA2, conv4 = 28 us; B = conv1, convB, conv4 = 20 us.
    // Model: F + (B-1) tau = 28 + 3 x 16 = 76 us for B = 4.
    // Dataflow: the last image leaves after max over paths of (path + (B-1) x its slowest stage)
    //   = max(28 + 3 x 12, 20 + 3 x 16) = max(64, 68) = 68 us.
    HardwareSpec hw = chip(8, 8, Allocation.ARRAY, 1e-7, 8, 8e15);
    PartitionPlan plan = single(5, "conv1", 16, "convB", 2, "convA1", 3, "convA2", 3, "conv4", 16);
    SimResult r = sim(Fixtures.diamond(), hw, plan, 4);
    assertThat(r.partitions().get(0).computeSeconds()).isCloseTo(68 * US, within(1e-13));
  }

  @Test
  void coreAllocationGivesEachStageWholeCores() {
    // conv1 d = 3 (3 arrays), conv2 d = 1.
    // ARRAY: next free arrays: conv1 r0 core 0 array 0, r1 core 0 array 1, r2 core 1 array 0; conv2 core 1 array 1.
    // CORE: conv1 takes cores 0 and 1 (ceil(3/2) = 2): (0,0), (0,1), (1,0); conv2 gets core 2: (2,0).
    Program array = PimSim.compile(Fixtures.chain2(), chip(Allocation.ARRAY), single(2, "conv1", 3));
    Program core = PimSim.compile(Fixtures.chain2(), chip(Allocation.CORE), single(2, "conv1", 3));
    assertThat(slots(array, 1)).containsExactly(new ArraySlot(1, 1));
    assertThat(slots(core, 0)).containsExactly(new ArraySlot(0, 0), new ArraySlot(0, 1), new ArraySlot(1, 0));
    assertThat(slots(core, 1)).containsExactly(new ArraySlot(2, 0));
    assertThat(slots(array, 0)).containsExactly(new ArraySlot(0, 0), new ArraySlot(0, 1), new ArraySlot(1, 0));
    // same work, same resources in time: same latency
    assertThat(PimSim.simulate(core, 2).latencySeconds()).isCloseTo(PimSim.simulate(array, 2).latencySeconds(), T);
  }

  private static List<ArraySlot> slots(Program p, int stage) {
    return p.partitions().get(0).stages().get(stage).replicas().stream()
        .flatMap(r -> r.arrays().stream()).map(c -> c.slot()).toList();
  }

  @Test
  void storesOnlyWhatLaterPartitionsOrTheOutputNeed() {
    // chain3 cut after conv1 and after conv2: conv1's output is stored by p0 and loaded by p1;
    // p1 stores conv2's output for p2; p2 stores the network output. 32 B each.
    PartitionPlan plan = Fixtures.plan(new int[] {0, 1, 2, 3});
    Program prog = PimSim.compile(Fixtures.chain3(), chip(Allocation.ARRAY), plan);
    assertThat(prog.partitions().get(0).stages().get(0).stores()).extracting(Transfer::tensor).containsExactly("conv1");
    assertThat(prog.partitions().get(1).loads()).extracting(l -> l.transfer().tensor()).containsExactly("conv1");
    SimResult r = PimSim.simulate(prog, 2, WHOLE);
    // per partition: 2 images x (32 load + 32 store)
    assertThat(r.partitions()).extracting(PartitionResult::ioBytes).containsExactly(128.0, 128.0, 128.0);
  }

  @Test
  void attentionRunsOnTheVectorUnitAfterTheMvms() {
    // a Dense 16 -> 8 on [1, 4, 16] (P = 4) with a 40-MAC attention product attached: two column
    // units? no: W = 8 fits one tile; H = 16 -> 2 row tiles, 2 arrays, one unit. Stage time per image:
    // 4 MVMs x 2 us + 40 MACs / 1 MAC/us = 48 us; attention energy 40 x 4 J = 160 J per image.
    var b = new dev.compass.formulation.network.NetworkBuilder("attn");
    String x = b.input("x", 1, 4, 16);
    String q = b.matmulConst("q", x, 8);
    String s = b.vectorShaped("scores", "MatMul", new long[] {1, 4, 4}, 40, q, q);
    var net = b.build(s);
    SimResult r = sim(net, chip(Allocation.ARRAY), single(1), 2);
    // B = 2: load x (4x16x2 bits = 16 B, 2 us); i0 [2, 50], i1 [50, 98]; store scores 16 elements = 4 B (0.5 us)
    assertThat(r.partitions().get(0).computeSeconds()).isCloseTo(98.5 * US, T);
    assertThat(r.energy().vector()).isCloseTo(2 * 160.0, E);
  }

  @Test
  void batchMustBePositive() {
    Program prog = PimSim.compile(Fixtures.chain2(), chip(Allocation.ARRAY), single(2));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PimSim.simulate(prog, 0))
        .isInstanceOf(dev.compass.formulation.InputException.class).hasMessageContaining("--batch");
  }

  @Test
  void everyPartitionOnItsOwnAddsUp() {
    // Splitting chain2 into two partitions: latency is the sum of the partitions' latencies and
    // energy the sum of their energies.
    PartitionPlan plan = new PartitionPlan(List.of(new Partition(0, 0, Map.of()), new Partition(1, 1, Map.of())));
    SimResult r = sim(Fixtures.chain2(), chip(Allocation.ARRAY), plan, 2);
    double t = r.partitions().stream().mapToDouble(PartitionResult::latencySeconds).sum();
    double e = r.partitions().stream().mapToDouble(PartitionResult::energyJoules).sum();
    assertThat(r.latencySeconds()).isCloseTo(t, T);
    assertThat(r.energyJoules()).isCloseTo(e, E);
    // p0: weights: read [0, 1], last row [1.0, 1.1] -> 1.1; compute: load 4, conv1 2 x 32, store of image 1 4 -> 72;
    // p1 the same.
    assertThat(r.latencySeconds()).isCloseTo(2 * (1.1 + 72) * US, T);
  }

  @Test
  void segmentsStreamTransfersUnderTheComputation() {
    // chain2, B = 1, K = 4 segments: each stage computes an image in 4 segments of 4 MVMs = 8 us.
    // Load of x in 4 chunks of 8 B (1 us each), arriving at +1, +2, +3, +4 us after the weight phase.
    // conv1: segment 0 after chunk 1 [1, 9], then [9, 17], [17, 25], [25, 33] (chunks long there).
    // conv2 takes the whole image at 33: [33, 41], [41, 49], [49, 57], [57, 65]; after each, a
    // quarter of its output (8 B, 1 us) is stored: the last store ends at 66.
    // compute phase = 1 + 64 + 1 = 66 us (whole-image transfers: 4 + 64 + 4 = 72 us).
    Program prog = PimSim.compile(Fixtures.chain2(), chip(Allocation.ARRAY), single(2));
    SimResult r = PimSim.simulate(prog, 1, new SimOptions(4));
    assertThat(r.partitions().get(0).computeSeconds()).isCloseTo(66 * US, T);
    assertThat(PimSim.simulate(prog, 1, WHOLE).partitions().get(0).computeSeconds()).isCloseTo(72 * US, T);
    // the same bytes and energy whatever the granularity
    assertThat(r.ioBytes()).isEqualTo(64.0);
    assertThat(r.dynamicEnergyJoules()).isCloseTo(PimSim.simulate(prog, 1, WHOLE).dynamicEnergyJoules(), E);
  }

  @Test
  void loadsIssuedTogetherStreamInterleaved() {
    // branches, partitions {conv1, conv2a, conv2b} and {conv3}; B = 1, K = 4. Partition 1 loads three
    // tensors of 32 B (conv2a's and conv2b's outputs through the concat, conv1's for the residual
    // Add), all issued at the start of its compute phase. Interleaved, round r brings chunk r of each
    // (3 x 8 B = 3 us), so conv3's segment j (4 MVMs = 8 us) may start at 3(j+1):
    // [3, 11], [11, 19], [19, 27], [27, 35], then the last quarter of its output (8 B = 1 us): 36 us.
    // (Issued one after another, the first chunk of the third load would arrive at 9 us: 42 us.)
    Program prog = PimSim.compile(Fixtures.branches(), chip(Allocation.ARRAY), Fixtures.plan(new int[] {0, 3, 4}));
    assertThat(prog.partitions().get(1).loads()).hasSize(3);
    SimResult r = PimSim.simulate(prog, 1, new SimOptions(4));
    assertThat(r.partitions().get(1).computeSeconds()).isCloseTo(36 * US, T);
  }

  @Test
  void dramBoundPartitionRunsAtTheChannelsPace() {
    // chain2 with DRAM at 1 B/us, B = 2, K = 4. Per image: load x 32 B + store 32 B = 64 us of DRAM
    // against 64 us of compute per image on two stages (tau = 32 us): DRAM-bound, the model says
    // T_compute part = max(64 + 32, 2 x 64 B / 1 B/us = 128 us) = 128 us.
    // Compute phase, hand-traced (us from its start):
    // load img 0: chunks (8 B = 8 us) end 8, 16, 24, 32; conv1 img 0 segments [8,16] [16,24] [24,32] [32,40].
    // conv1 starting img 0 at 8 issues img 1's load: chunks end 40, 48, 56, 64; conv1 img 1 [40,48] .. [64,72].
    // conv2 img 0 [40,48] [48,56] [56,64] [64,72]; its quarter stores queue behind the load: 64-72, 72-80,
    // 80-88, 88-96. conv2 img 1 [72,80] .. [96,104]; stores 96-104, 104-112, 112-120, 120-128.
    // The channel is busy from 0 to 128 without a gap: compute phase = 128 us = the model's io / bwDram.
    HardwareSpec hw = chip(Allocation.ARRAY, 1e-7, 1, 1e6);
    Program prog = PimSim.compile(Fixtures.chain2(), hw, single(2));
    SimResult r = PimSim.simulate(prog, 2, new SimOptions(4));
    assertThat(r.partitions().get(0).computeSeconds()).isCloseTo(128 * US, T);
  }

  @Test
  void portsPerCoreMakePlacementMatter() {
    // chain2 with conv1 d = 3 and tRow = 1 us (8 us per array), 4 write ports (one per core), fast DRAM
    // (8e15 B/s: reads take 1e-15 s). Four array writes of 8 rows each.
    // Chip-wide pool: 32 rows of 1 us on four ports, all there within 2e-15 s -> T_write = 8 us (+ the reads).
    // Ports per core, ARRAY placement: conv1's replicas on (0,0), (0,1), (1,0), conv2 on (1,1): core 0's port
    //   writes two arrays' 16 rows (16 us), core 1's port two (16 us) -> 16 us.
    // Ports per core, CORE placement: conv1 on cores 0 and 1 ((0,0), (0,1), (1,0)), conv2 on core 2 -> 16 us too.
    HardwareSpec hw = chip(4, 2, Allocation.ARRAY, 1e-6, 4, 8e15);
    Program prog = PimSim.compile(Fixtures.chain2(), hw, single(2, "conv1", 3));
    double pool = PimSim.simulate(prog, 1, new SimOptions(1, false)).partitions().get(0).writeSeconds();
    double perCore = PimSim.simulate(prog, 1, new SimOptions(1, true)).partitions().get(0).writeSeconds();
    assertThat(pool).isCloseTo(8 * US, within(1e-13));
    assertThat(perCore).isCloseTo(16 * US, within(1e-13));
  }

  @Test
  void parallelStagesQueueForTheOneVectorUnit() {
    // Two independent Dense stages q and k (16 -> 8 on [1, 4, 16], P = 4, 8 us of MVMs each), each with a
    // 40-MAC attention product (40 us at 1 MAC/us). B = 1, whole-image transfers.
    // load x (64 elements x 2 bits = 16 B, 2 us) [0, 2]; q and k MVMs both [2, 10]; the vector unit takes
    // q's work [10, 50], then k's [50, 90]; stores (4 B = 0.5 us each) [50, 50.5] and [90, 90.5].
    // compute phase = 90.5 us; v1's model added attention to each stage's own time (F = 8 + 40 = 48 us),
    // v2's has the one vector unit: F = max(48, V = 80) = 80 us (ModelRulesTest).
    SimResult r = sim(Fixtures.twoHeads(), chip(Allocation.ARRAY), single(2), 1);
    assertThat(r.partitions().get(0).computeSeconds()).isCloseTo(90.5 * US, T);
    assertThat(r.partitions().get(0).vectorMacs()).isEqualTo(80);
  }

  @Test
  void splitStageRunsAttentionInEveryPartitionButPaysOnce() {
    // Dense 16 -> 16 on [1, 4, 16] (P = 4): H = 16 -> 2 row tiles, W = 16 -> 2 column tiles of 8 outputs:
    // units col 0 and col 1 (2 arrays each), one per partition, and a 40-MAC attention product on the stage.
    // Each partition (B = 1, whole transfers): load x 16 B [0, 2], MVMs 4 x 2 us [2, 10], attention 40 us
    // [10, 50], store its half of the scores (16 elements x 2 bits / 2 = 2 B, 0.25 us) -> 50.25 us.
    // The stage's own output q is internal (read only by its vector operator): never stored or loaded.
    // Attention energy 40 x 4 J = 160 J, charged by partition 0 only (MODEL.md rule 12).
    var b = new dev.compass.formulation.network.NetworkBuilder("split-attn");
    String x = b.input("x", 1, 4, 16);
    String q = b.matmulConst("q", x, 16);
    String s = b.vectorShaped("scores", "MatMul", new long[] {1, 4, 4}, 40, q, q);
    SimResult r = sim(b.build(s), chip(Allocation.ARRAY), Fixtures.plan(new int[] {0, 1, 2}), 1);
    assertThat(r.partitions()).extracting(PartitionResult::computeSeconds)
        .allSatisfy(t -> assertThat(t).isCloseTo(50.25 * US, T));
    assertThat(r.partitions()).extracting(PartitionResult::vectorMacs).containsExactly(40L, 40L);
    assertThat(r.partitions().get(0).energy().vector()).isCloseTo(160.0, E);
    assertThat(r.partitions().get(1).energy().vector()).isZero();
    assertThat(r.partitions()).extracting(PartitionResult::ioBytes).containsExactly(18.0, 18.0);
  }
}
