package dev.compass.pimsim;

import static dev.compass.pimsim.Fixtures.chip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.compass.formulation.InputException;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.plan.Partition;
import dev.compass.formulation.plan.PartitionPlan;
import dev.compass.pimsim.program.ArraySlot;
import dev.compass.pimsim.program.PartitionProgram;
import dev.compass.pimsim.program.Program;
import dev.compass.pimsim.program.RowWrite;
import dev.compass.pimsim.program.WeightRead;
import dev.compass.pimsim.sim.ScheduleBound;
import dev.compass.pimsim.sim.SimOptions;
import dev.compass.pimsim.sim.SimResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Weight prefetch (FORMULATION.md §9) in code generation and simulation, by hand on the test chip
 * ({@link Fixtures}: A = 8 arrays of 8x8, one write port, tRow = 0.1 us, 8 B/us, one MVM = 2 us).
 * chain2 cut into [conv1] and [conv2], each replicated twice (2 arrays of 8 rows, 8 weight bytes):
 * partition 0 leaves 6 arrays free, so all of partition 1's weights ({@code phi = min(1, 6/2) = 1})
 * are placed there and written during partition 0's compute phase.
 */
class PrefetchTest {
  private static final double US = 1e-6;
  private static final Offset<Double> T = within(1e-12);
  private static final SimOptions WHOLE = new SimOptions(1);

  private static HardwareSpec prefetchChip() {
    return chip(Allocation.ARRAY).withPrefetch(true);
  }

  private static Program twoPartitions(HardwareSpec hw) {
    return PimSim.compile(Fixtures.chain2(), hw, new PartitionPlan(List.of(
        new Partition(0, 0, Map.of("conv1", 2)), new Partition(1, 1, Map.of("conv2", 2)))));
  }

  @Test
  void theNextPartitionsWeightsGoToFreeArraysAndAreWrittenDuringTheCompute() {
    Program prog = twoPartitions(prefetchChip());
    PartitionProgram p0 = prog.partitions().get(0);
    PartitionProgram p1 = prog.partitions().get(1);
    assertThat(p0.earlyReads()).isEmpty();
    assertThat(p1.weightReads()).isEmpty();
    assertThat(p1.earlyReads()).hasSize(1);
    List<ArraySlot> used0 = new ArrayList<>();
    for (WeightRead r : p0.weightReads()) for (RowWrite w : r.writes()) used0.add(w.slot());
    for (RowWrite w : p1.earlyReads().get(0).writes()) assertThat(used0).doesNotContain(w.slot());

    // whole transfers (K = 1), by hand. Partition 0: weight phase = 8 B read (1 us) with 16 row
    // writes on one port, rows arriving every 0.125 us: 0.125 + 16 x 0.1 = 1.725 us. Compute: load
    // x (32 B, 4 us), 8 MVMs (16 us), store (32 B, 4 us) = 24 us; the prefetched read (8 B) follows
    // the load on the channel (4..5 us) and its 16 rows take the port 5..6.6 us, hidden.
    // Partition 1: nothing left to write; load 4 + 16 + store 4 = 24 us.
    SimResult r = PimSim.simulate(prog, 1, WHOLE);
    assertThat(r.partitions().get(0).writeSeconds()).isCloseTo(1.725 * US, T);
    assertThat(r.partitions().get(0).computeSeconds()).isCloseTo(24 * US, T);
    assertThat(r.partitions().get(1).writeSeconds()).isCloseTo(0, T);
    assertThat(r.partitions().get(1).computeSeconds()).isCloseTo(24 * US, T);
    assertThat(r.latencySeconds()).isCloseTo(49.725 * US, T);
    // the same plan without prefetch writes partition 1's weights after partition 0 (1.725 us more),
    // moving the same bytes and rows: equal dynamic energy
    SimResult without = PimSim.simulate(twoPartitions(chip(Allocation.ARRAY)), 1, WHOLE);
    assertThat(without.latencySeconds()).isCloseTo(51.45 * US, T);
    assertThat(r.dynamicEnergyJoules()).isCloseTo(without.dynamicEnergyJoules(), within(1e-9 * without.dynamicEnergyJoules()));
    // the prefetched bytes and rows are partition 1's
    assertThat(r.partitions().get(1).weightBytes()).isEqualTo(8.0);
    assertThat(r.partitions().get(1).rowsWritten()).isEqualTo(16);
    assertThat(r.partitions().get(0).rowsWritten()).isEqualTo(16);
    // and no execution is faster than the bound, which counts the prefetched reads in partition 0
    assertThat(r.latencySeconds()).isGreaterThanOrEqualTo(ScheduleBound.of(prog, 1).latencySeconds() * (1 - 1e-12));
    assertThat(ScheduleBound.of(prog, 1).partitions().get(1).weightSeconds()).isZero();
  }

  @Test
  void aPrefetchedWriteToAnArrayTheRunningPartitionComputesOnIsRejected() {
    Program prog = twoPartitions(prefetchChip());
    PartitionProgram p0 = prog.partitions().get(0);
    PartitionProgram p1 = prog.partitions().get(1);
    ArraySlot busy = p0.weightReads().get(0).writes().get(0).slot();
    WeightRead r = p1.earlyReads().get(0);
    List<RowWrite> ws = new ArrayList<>(r.writes());
    RowWrite w = ws.get(0);
    ws.set(0, new RowWrite(w.stage(), w.replica(), busy, w.rows()));
    PartitionProgram bad = new PartitionProgram(p1.index(), p1.firstUnit(), p1.lastUnit(), p1.weightReads(), p1.loads(), p1.stages(),
        List.of(new WeightRead(r.unit(), r.arrayOfUnit(), r.bits(), ws)));
    Program edited = new Program(prog.network(), prog.hardware(), prog.units(), prog.networkInputs(), List.of(p0, bad));
    assertThatThrownBy(() -> PimSim.simulate(edited, 1)).isInstanceOf(InputException.class)
        .hasMessageContaining("partition 1").hasMessageContaining(busy.toString())
        .hasMessageContaining("while stage conv1 replica 0 computes on it");
  }

  @Test
  void prefetchedReadsNeedAPrefetchChipAndAPreviousPartition() {
    Program prog = twoPartitions(prefetchChip());
    PartitionProgram p0 = prog.partitions().get(0);
    PartitionProgram p1 = prog.partitions().get(1);
    // the same program on a chip without prefetch
    Program noChip = new Program(prog.network(), chip(Allocation.ARRAY), prog.units(), prog.networkInputs(), prog.partitions());
    assertThatThrownBy(() -> PimSim.simulate(noChip, 1)).isInstanceOf(InputException.class).hasMessageContaining("prefetch = false");
    // prefetched reads on the first partition
    PartitionProgram first = new PartitionProgram(0, p0.firstUnit(), p0.lastUnit(), List.of(), p0.loads(), p0.stages(), p0.weightReads());
    Program bad = new Program(prog.network(), prog.hardware(), prog.units(), prog.networkInputs(), List.of(first, p1));
    assertThatThrownBy(() -> PimSim.simulate(bad, 1)).isInstanceOf(InputException.class)
        .hasMessageContaining("partition 0").hasMessageContaining("no partition runs before it");
  }

  @Test
  void coreAllocationPrefetchesIntoFreeCores() {
    // CORE: conv1 x 2 takes one core (2 arrays); conv2's copies go to a core partition 0 leaves free
    HardwareSpec hw = chip(Allocation.CORE).withPrefetch(true);
    Program prog = twoPartitions(hw);
    int core0 = prog.partitions().get(0).weightReads().get(0).writes().get(0).slot().core();
    assertThat(prog.partitions().get(1).earlyReads()).hasSize(1);
    for (RowWrite w : prog.partitions().get(1).earlyReads().get(0).writes()) assertThat(w.slot().core()).isNotEqualTo(core0);
    assertThat(PimSim.simulate(prog, 1, WHOLE).latencySeconds()).isCloseTo(49.725 * US, T);
  }
}
