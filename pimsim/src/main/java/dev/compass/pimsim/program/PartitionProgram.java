package dev.compass.pimsim.program;

import java.util.List;

/**
 * The program of one partition: a weight-replacement phase, then a compute phase over the batch.
 *
 * @param index partition index
 * @param firstUnit first unit (inclusive)
 * @param lastUnit last unit (inclusive)
 * @param weightReads the weight phase, in DRAM order: each read feeds one row write per replica
 * @param loads the loads of the compute phase (per image)
 * @param stages the compute phase: one task per stage with a unit in the partition, in linear order
 * @param earlyReads weight prefetch (FORMULATION.md §9, a chip with {@code prefetch}): reads of this
 *     partition's weights issued during the previous partition's compute phase, into arrays that
 *     partition does not use; its channel and write ports carry them after its own traffic. Empty
 *     without prefetch and for the first partition; {@code weightReads} are the rest.
 */
public record PartitionProgram(
    int index, int firstUnit, int lastUnit, List<WeightRead> weightReads, List<Load> loads, List<StageTask> stages,
    List<WeightRead> earlyReads) {

  /** A partition without prefetched weights. */
  public PartitionProgram(int index, int firstUnit, int lastUnit, List<WeightRead> weightReads, List<Load> loads, List<StageTask> stages) {
    this(index, firstUnit, lastUnit, weightReads, loads, stages, List.of());
  }

  public PartitionProgram {
    earlyReads = earlyReads == null ? List.of() : List.copyOf(earlyReads);
    weightReads = List.copyOf(weightReads);
    loads = List.copyOf(loads);
    stages = List.copyOf(stages);
    for (int i = 0; i < loads.size(); i++) {
      if (loads.get(i).id() != i) throw new IllegalArgumentException("load " + i + " has id " + loads.get(i).id());
    }
  }

  /** Every weight read of the partition: the prefetched ones, then the weight phase's. */
  public List<WeightRead> allReads() {
    List<WeightRead> all = new java.util.ArrayList<>(earlyReads);
    all.addAll(weightReads);
    return all;
  }
}
