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
 */
public record PartitionProgram(
    int index, int firstUnit, int lastUnit, List<WeightRead> weightReads, List<Load> loads, List<StageTask> stages) {

  public PartitionProgram {
    weightReads = List.copyOf(weightReads);
    loads = List.copyOf(loads);
    stages = List.copyOf(stages);
    for (int i = 0; i < loads.size(); i++) {
      if (loads.get(i).id() != i) throw new IllegalArgumentException("load " + i + " has id " + loads.get(i).id());
    }
  }
}
