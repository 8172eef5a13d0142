package dev.compass.pimsim;

import static dev.compass.pimsim.Fixtures.chip;
import static dev.compass.pimsim.Fixtures.single;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compass.formulation.InputException;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.plan.Partition;
import dev.compass.formulation.plan.PartitionPlan;
import dev.compass.pimsim.program.ArrayCopy;
import dev.compass.pimsim.program.ArraySlot;
import dev.compass.pimsim.program.Load;
import dev.compass.pimsim.program.PartitionProgram;
import dev.compass.pimsim.program.Program;
import dev.compass.pimsim.program.Replica;
import dev.compass.pimsim.program.StageTask;
import dev.compass.pimsim.program.WeightRead;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Each infeasibility is rejected with its reason: plan-level by the compiler, program-level by the simulator. */
class FeasibilityTest {

  // ------------------------------------------------------------------ plans (compile)

  @Test
  void arrayCapacity() {
    // conv1 d = 8 (8 arrays) + conv2 (1 array) = 9 > A = 8
    assertThatThrownBy(() -> PimSim.compile(Fixtures.chain2(), chip(Allocation.ARRAY), single(2, "conv1", 8)))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("plan.partitions[0]")
        .hasMessageContaining("sum d_s*a_s = 9")
        .hasMessageContaining("A = 8")
        .hasMessageContaining("conv1 with d = 8");
  }

  @Test
  void coreCapacity() {
    // CORE: conv1 d = 7 -> ceil(7/2) = 4 cores, conv2 1 core: 5 > N_c = 4 (ARRAY would fit: 8 arrays)
    PimSim.compile(Fixtures.chain2(), chip(Allocation.ARRAY), single(2, "conv1", 7));
    assertThatThrownBy(() -> PimSim.compile(Fixtures.chain2(), chip(Allocation.CORE), single(2, "conv1", 7)))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("sum ceil(d_s*a_s/A_c) = 5")
        .hasMessageContaining("N_c = 4");
  }

  @Test
  void replicationAboveMvms() {
    // P = 16 MVMs per image: d = 17 would leave a replica idle
    var hw = chip(16, 2, Allocation.ARRAY, 1e-7, 1, 8e6);
    assertThatThrownBy(() -> PimSim.compile(Fixtures.chain2(), hw, single(2, "conv1", 17)))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("replication.conv1")
        .hasMessageContaining("d = 17")
        .hasMessageContaining("1..16");
  }

  @Test
  void unknownStageOrStageOutsideThePartition() {
    assertThatThrownBy(() -> PimSim.compile(Fixtures.chain2(), chip(Allocation.ARRAY), single(2, "conv9", 2)))
        .isInstanceOf(InputException.class).hasMessageContaining("no stage named 'conv9'");
    PartitionPlan plan = new PartitionPlan(List.of(new Partition(0, 0, Map.of("conv2", 2)), new Partition(1, 1, Map.of())));
    assertThatThrownBy(() -> PimSim.compile(Fixtures.chain2(), chip(Allocation.ARRAY), plan))
        .isInstanceOf(InputException.class).hasMessageContaining("has no unit in partition 0");
  }

  @Test
  void unitsNotCovered() {
    assertThatThrownBy(() -> PimSim.compile(Fixtures.chain3(), chip(Allocation.ARRAY), single(2)))
        .isInstanceOf(InputException.class).hasMessageContaining("must end at unit 2");
  }

  // ------------------------------------------------------------------ programs (simulate)

  private static Program chain2(Object... rep) {
    return PimSim.compile(Fixtures.chain2(), chip(Allocation.ARRAY), single(2, rep));
  }

  private static Program withPartition(Program p, int i, UnaryOperator<PartitionProgram> change) {
    List<PartitionProgram> parts = new ArrayList<>(p.partitions());
    parts.set(i, change.apply(parts.get(i)));
    return new Program(p.network(), p.hardware(), p.units(), p.networkInputs(), parts);
  }

  private static PartitionProgram withStage(PartitionProgram p, int k, UnaryOperator<StageTask> change) {
    List<StageTask> ts = new ArrayList<>(p.stages());
    ts.set(k, change.apply(ts.get(k)));
    return new PartitionProgram(p.index(), p.firstUnit(), p.lastUnit(), p.weightReads(), p.loads(), ts);
  }

  private static StageTask withReplicas(StageTask s, List<Replica> reps) {
    return new StageTask(s.stage(), s.name(), s.mvmsPerImage(), s.arraysPerReplica(), s.rowsPerReplica(), s.units(), reps,
        s.vectorMacs(), s.chargeVectorEnergy(), s.after(), s.needs(), s.reads(), s.produces(), s.stores());
  }

  private static Replica moved(Replica r, ArraySlot slot) {
    ArrayCopy c = r.arrays().get(0);
    return new Replica(r.replica(), r.mvmsPerImage(), List.of(new ArrayCopy(c.unit(), c.arrayOfUnit(), c.rows(), slot)));
  }

  @Test
  void weightUsedBeforeWritten() {
    // drop the row write of conv1's replica 1
    Program p = withPartition(chain2("conv1", 2), 0, part -> {
      List<WeightRead> reads = new ArrayList<>(part.weightReads());
      WeightRead r = reads.get(0);
      reads.set(0, new WeightRead(r.unit(), r.arrayOfUnit(), r.bits(), r.writes().subList(0, 1)));
      return new PartitionProgram(part.index(), part.firstUnit(), part.lastUnit(), reads, part.loads(), part.stages());
    });
    assertThatThrownBy(() -> PimSim.simulate(p, 1))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("partition 0, stage conv1, replica 1")
        .hasMessageContaining("never wrote it")
        .hasMessageContaining("every weight must be written before use");
  }

  @Test
  void consumedTensorNeverLoaded() {
    // drop the load of x: conv1 has nothing to read
    Program p = withPartition(chain2(), 0, part -> {
      PartitionProgram noLoads = new PartitionProgram(part.index(), part.firstUnit(), part.lastUnit(), part.weightReads(),
          List.<Load>of(), part.stages());
      return withStage(noLoads, 0, s -> new StageTask(s.stage(), s.name(), s.mvmsPerImage(), s.arraysPerReplica(),
          s.rowsPerReplica(), s.units(), s.replicas(), s.vectorMacs(), s.chargeVectorEnergy(), s.after(), List.of(),
          s.reads(), s.produces(), s.stores()));
    });
    assertThatThrownBy(() -> PimSim.simulate(p, 1))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("stage conv1")
        .hasMessageContaining("reading 'x' (32.0 bytes/image) but only 0.0")
        .hasMessageContaining("produced or loaded first");
  }

  @Test
  void loadOfSomethingNeverStored() {
    // two partitions; partition 0 no longer stores conv1's output, so partition 1's load finds nothing
    PartitionPlan plan = Fixtures.plan(new int[] {0, 1, 2});
    Program p = withPartition(PimSim.compile(Fixtures.chain2(), chip(Allocation.ARRAY), plan), 0,
        part -> withStage(part, 0, s -> new StageTask(s.stage(), s.name(), s.mvmsPerImage(), s.arraysPerReplica(),
            s.rowsPerReplica(), s.units(), s.replicas(), s.vectorMacs(), s.chargeVectorEnergy(), s.after(), s.needs(),
            s.reads(), s.produces(), List.of())));
    assertThatThrownBy(() -> PimSim.simulate(p, 1))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("partition 1, stage conv2")
        .hasMessageContaining("loads 32.0 bytes/image of 'conv1' but DRAM holds only 0.0");
  }

  @Test
  void twoReplicasOnOneArray() {
    Program p = withPartition(chain2("conv1", 2), 0, part -> withStage(part, 0, s -> withReplicas(s,
        List.of(s.replicas().get(0), moved(s.replicas().get(1), s.replicas().get(0).arrays().get(0).slot())))));
    assertThatThrownBy(() -> PimSim.simulate(p, 1))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("stage conv1, replica 1")
        .hasMessageContaining("already holding conv1 replica 0");
  }

  @Test
  void arrayOutsideTheChip() {
    Program p = withPartition(chain2(), 0, part -> withStage(part, 1, s -> withReplicas(s,
        List.of(moved(s.replicas().get(0), new ArraySlot(1, 5))))));
    assertThatThrownBy(() -> PimSim.simulate(p, 1))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("uses core 1 array 5")
        .hasMessageContaining("4 cores of 2 arrays");
  }

  @Test
  void coreHoldsOneStage() {
    // CORE: move conv2 onto core 0's free array 1, next to conv1
    Program p = withPartition(PimSim.compile(Fixtures.chain2(), chip(Allocation.CORE), single(2)), 0,
        part -> withStage(part, 1, s -> withReplicas(s, List.of(moved(s.replicas().get(0), new ArraySlot(0, 1))))));
    assertThatThrownBy(() -> PimSim.simulate(p, 1))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("uses core 0, which holds stage conv1")
        .hasMessageContaining("CORE allocation");
  }

  @Test
  void replicasMustComputeAllMvms() {
    Program p = withPartition(chain2("conv1", 2), 0, part -> withStage(part, 0, s -> withReplicas(s, List.of(
        s.replicas().get(0), new Replica(1, 3, s.replicas().get(1).arrays())))));
    assertThatThrownBy(() -> PimSim.simulate(p, 1))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("compute 11 MVMs per image but the stage has P = 16");
  }

  @Test
  void dependencyCycle() {
    // conv1 also waits for conv2, which waits for conv1
    Program p = withPartition(chain2(), 0, part -> withStage(part, 0, s -> new StageTask(s.stage(), s.name(),
        s.mvmsPerImage(), s.arraysPerReplica(), s.rowsPerReplica(), s.units(), s.replicas(), s.vectorMacs(),
        s.chargeVectorEnergy(), List.of("conv2"), s.needs(), s.reads(), s.produces(), s.stores())));
    assertThatThrownBy(() -> PimSim.simulate(p, 1))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("never starts image 0");
  }

  @Test
  void partitionsCoverUnitsInOrder() {
    PartitionPlan plan = Fixtures.plan(new int[] {0, 1, 2});
    Program two = PimSim.compile(Fixtures.chain2(), chip(Allocation.ARRAY), plan);
    Program missing = new Program(two.network(), two.hardware(), two.units(), two.networkInputs(), two.partitions().subList(1, 2));
    assertThatThrownBy(() -> PimSim.simulate(missing, 1))
        .isInstanceOf(InputException.class).hasMessageContaining("must start at unit 0");
  }

  @Test
  void replicaMissingAnArray() {
    // branches: conv3 has two arrays (two row tiles); its replica keeps only the first
    Program full = PimSim.compile(Fixtures.branches(), chip(Allocation.ARRAY), single(4));
    Program p = withPartition(full, 0, part -> withStage(part, 3, s -> {
      Replica r = s.replicas().get(0);
      StageTask cut = withReplicas(s, List.of(new Replica(0, r.mvmsPerImage(), r.arrays().subList(0, 1))));
      return new StageTask(cut.stage(), cut.name(), cut.mvmsPerImage(), 1, cut.rowsPerReplica(), cut.units(),
          cut.replicas(), cut.vectorMacs(), cut.chargeVectorEnergy(), cut.after(), cut.needs(), cut.reads(),
          cut.produces(), cut.stores());
    }));
    assertThatThrownBy(() -> PimSim.simulate(p, 1))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("stage conv3, replica 0")
        .hasMessageContaining("holds 1 arrays, but the weight phase reads 2");
  }
}
