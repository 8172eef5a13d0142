package dev.compass.pimsim;

import static dev.compass.pimsim.Fixtures.chip;
import static dev.compass.pimsim.Fixtures.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.mapping.Mapping;
import dev.compass.formulation.network.NetworkBuilder;
import dev.compass.formulation.plan.PartitionPlan;
import dev.compass.pimsim.program.Program;
import dev.compass.pimsim.sim.ScheduleBound;
import dev.compass.pimsim.sim.ScheduleBound.Binding;
import dev.compass.pimsim.sim.ScheduleBound.PartitionBound;
import dev.compass.pimsim.sim.SimOptions;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The lower bound on any schedule ({@link ScheduleBound}), by hand on the chip of {@link Fixtures}
 * (1 MVM = 2 us, 8 bytes/us, 0.1 us per row, one write port, 1 MAC/us), and as a check of the
 * simulator: no simulated run, at any granularity, finishes before it.
 */
class ScheduleBoundTest {
  private static final double US = 1e-6;
  private static final Offset<Double> T = within(1e-12);

  @Test
  void aChainIsTheModelsPipelinePlusTheLastStoreTail() {
    // chain2, d = 1, B = 3. Weight phase: 2 arrays x 8 B = 16 B (2 us) + one row write (0.1 us) = 2.1 us;
    // ports: 16 rows x 0.1 us = 1.6 us -> W = 2.1 us.
    // conv1: t = 16 MVM rounds x 2 us = 32 us; its load x is 32 B (4 us) per image, and its first round
    // needs the first 1/16 of it (0.25 us): R1 = 0.25 + 32 = 32.25 (the last byte, 4 us, + one MVM is
    // less), then 64.25, 96.25.   conv2: R2 = R1 + 32 = 64.25, 96.25, 128.25. conv2's last MVM leaves
    // 32 B / 16 = 2 B to store (0.25 us): path 128.5 us. Without loads (the model's pipeline): 128 us.
    // DRAM: 3 x 64 B = 24 us of traffic, but the channel's jobs have releases and tails: image 2's last
    // 2 B of conv2's output can only go once conv2 has finished it, so the channel's term is 128.5 us
    // too. Bound: 2.1 + 128.5 = 130.6 us. (The model: 2 + max(32 + 2 x 32, 24) = 130 us.)
    Program prog = PimSim.compile(Fixtures.chain2(), chip(Allocation.ARRAY), single(2));
    PartitionBound b = ScheduleBound.of(prog, 3).partitions().get(0);
    assertThat(b.weightSeconds()).isCloseTo(2.1 * US, T);
    assertThat(b.pipelineSeconds()).isCloseTo(128 * US, T);
    assertThat(b.pathSeconds()).isCloseTo(128.5 * US, T);
    assertThat(b.dramSeconds()).isCloseTo(128.5 * US, T);
    assertThat(b.vectorSeconds()).isZero();
    assertThat(b.binding()).isEqualTo(Binding.LOADS_BEFORE_COMPUTE);
    assertThat(ScheduleBound.of(prog, 3).latencySeconds()).isCloseTo(130.6 * US, T);
    // the simulator at K = 16 reaches it: x arrives in 2-byte chunks (0.25 us), so conv1 starts at 0.25 us
    // and the chain ends at 0.25 + 128 us, then the last 1/16 of conv2's store (0.25 us): 2.1 + 128.5 us
    assertThat(PimSim.simulate(prog, 3, new SimOptions(16)).latencySeconds()).isCloseTo(130.6 * US, T);
  }

  @Test
  void aSingleMvmStageMustLoadThenComputeThenStore() {
    // x [1, 8] -> fc (8 -> 8): one array of 8 rows, P = 1. Per image: load 8 x 2 bits = 2 B (0.25 us),
    // one MVM (2 us), store 2 B (0.25 us). At B = 1 nothing overlaps: 0.25 + 2 + 0.25 = 2.5 us, where
    // the model says max(2, 4 B / 8 B/us = 0.5) = 2 us. Weight phase: 8 B (1 us) + 0.1 us = 1.1 us.
    NetworkBuilder nb = new NetworkBuilder("fc");
    String x = nb.input("x", 1, 8);
    var net = nb.build(nb.linear("fc", x, 8));
    Program prog = PimSim.compile(net, chip(Allocation.ARRAY), single(1));
    PartitionBound b = ScheduleBound.of(prog, 1).partitions().get(0);
    assertThat(b.pipelineSeconds()).isCloseTo(2 * US, T);
    assertThat(b.pathSeconds()).isCloseTo(2.5 * US, T);
    assertThat(b.binding()).isEqualTo(Binding.LOADS_BEFORE_COMPUTE);
    assertThat(b.latencySeconds()).isCloseTo(3.6 * US, T);
    // the simulator does exactly that, at any granularity (one MVM is one segment)
    for (int k : new int[] {1, 16, 64}) {
      assertThat(PimSim.simulate(prog, 1, new SimOptions(k)).latencySeconds()).isCloseTo(3.6 * US, T);
    }
  }

  @Test
  void attentionOfParallelStagesSharesTheChipsVectorRate() {
    // SimulatorTest.parallelStagesQueueForTheOneVectorUnit: q and k (P = 4: 8 us of MVMs each) each with
    // 40 MACs of attention (40 us at 1 MAC/us), B = 1. The first MVMs end at 8 us at the earliest; then
    // the vector unit has 80 us of work, which streams its outputs (nothing is left to store after it).
    // Their first MVM round needs 1/4 of x (16 B, 2 us): 0.5 us. So the vector unit: 0.5 + 8 + 80 = 88.5
    // us; the path alone: 0.5 + 8 + 40 = 48.5 us (the model's v2 fill is max(48, V = 80) = 80 us).
    // Weights: 4 arrays x 8 B = 32 B (4 us) + 0.1 us; 32 rows x 0.1 us = 3.2 us -> W = 4.1 us.
    Program prog = PimSim.compile(Fixtures.twoHeads(), chip(Allocation.ARRAY), single(2));
    PartitionBound pb = ScheduleBound.of(prog, 1).partitions().get(0);
    assertThat(pb.pathSeconds()).isCloseTo(48.5 * US, T);
    assertThat(pb.vectorSeconds()).isCloseTo(88.5 * US, T);
    assertThat(pb.binding()).isEqualTo(Binding.VECTOR_UNIT);
    assertThat(pb.latencySeconds()).isCloseTo(92.6 * US, T);
    // simulated with whole transfers: 4.1 + 90.5 us (x's 2 us whole before the MVMs, where the bound
    // lets all but its first quarter hide under them; the last 4 B stored whole after the vector work)
    assertThat(PimSim.simulate(prog, 1, new SimOptions(1)).latencySeconds()).isCloseTo(94.6 * US, T);
  }

  @Test
  void aDramBoundPartitionIsBoundByItsTraffic() {
    // SimulatorTest.dramBoundPartitionRunsAtTheChannelsPace: chain2 with DRAM at 1 B/us, B = 2: 2 x 64 B
    // of loads and stores = 128 us on the channel. Path: conv1 R = max(32, 32 + 2) = 34, max(66, 64 + 2) = 66;
    // conv2 66, 98; + 2 B / 1 B/us = 100 us. The channel binds, and the simulator (K = 4) keeps it busy
    // without a gap: its compute phase is the bound's.
    Program prog = PimSim.compile(Fixtures.chain2(), chip(Allocation.ARRAY, 1e-7, 1, 1e6), single(2));
    PartitionBound b = ScheduleBound.of(prog, 2).partitions().get(0);
    assertThat(b.pathSeconds()).isCloseTo(100 * US, T);
    assertThat(b.dramSeconds()).isCloseTo(128 * US, T);
    assertThat(b.binding()).isEqualTo(Binding.DRAM);
    assertThat(b.computeSeconds()).isCloseTo(128 * US, T);
    assertThat(PimSim.simulate(prog, 2, new SimOptions(4)).partitions().get(0).computeSeconds()).isCloseTo(128 * US, T);
  }

  /**
   * The simulator never beats the bound: random feasible plans of ResNet-50 (random cuts and
   * replication, ARRAY and CORE), batch 1..16, at granularities 1, 4, 16 and 64. (1e-9 relative:
   * the simulator's partition times are differences on one clock that runs over the whole plan.)
   */
  @Property(tries = 20, seed = "20261126")
  void noSimulatedRunFinishesBeforeTheBound(@ForAll long seed, @ForAll @IntRange(min = 0, max = 3) int which,
      @ForAll @IntRange(min = 1, max = 16) int batch) {
    String preset = List.of("compass-s", "compass-m", "compass-l", "compass-m").get(which);
    Mapping m = Resnets.map(Resnets.resnet50(), preset);
    if (which == 3) m = Mapping.of(m.graph(), m.hardware().withAllocation(Allocation.CORE));
    PartitionPlan plan = RandomPlansTest.randomPlan(m, new Random(seed));
    Program prog = PimSim.compile(m, plan);
    ScheduleBound.Bound bound = ScheduleBound.of(prog, batch);
    for (int k : new int[] {1, 4, 16, 64}) {
      var r = PimSim.simulate(prog, batch, new SimOptions(k));
      for (int p = 0; p < plan.size(); p++) {
        assertThat(r.partitions().get(p).latencySeconds()).as("partition %d at K = %d", p, k)
            .isGreaterThanOrEqualTo(bound.partitions().get(p).latencySeconds() * (1 - 1e-9));
        assertThat(r.partitions().get(p).writeSeconds()).as("weight phase %d at K = %d", p, k)
            .isGreaterThanOrEqualTo(bound.partitions().get(p).weightSeconds() * (1 - 1e-9));
      }
    }
  }
}
