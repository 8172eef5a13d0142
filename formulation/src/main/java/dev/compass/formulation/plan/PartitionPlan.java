package dev.compass.formulation.plan;

import dev.compass.formulation.InputException;
import java.util.List;

/**
 * A plan: partitions covering the units {@code 0..units-1} in order (FORMULATION.md §5). The
 * constructor only checks that the ranges are ordered and contiguous; capacity and replication
 * bounds need the mapping and are checked by the cost model's evaluator.
 */
public record PartitionPlan(List<Partition> partitions) {

  public PartitionPlan {
    if (partitions == null || partitions.isEmpty()) {
      throw new InputException("partitions", "a plan needs at least one partition");
    }
    partitions = List.copyOf(partitions);
    for (int i = 1; i < partitions.size(); i++) {
      int expected = partitions.get(i - 1).lastUnit() + 1;
      if (partitions.get(i).firstUnit() != expected) {
        throw new InputException("partitions[" + i + "].firstUnit", "is " + partitions.get(i).firstUnit()
            + " but partition " + (i - 1) + " ends at unit " + (expected - 1) + "; partitions must be contiguous, so it must be " + expected);
      }
    }
    if (partitions.get(0).firstUnit() != 0) {
      throw new InputException("partitions[0].firstUnit", "is " + partitions.get(0).firstUnit() + "; the first partition must start at unit 0");
    }
  }

  public int size() {
    return partitions.size();
  }

  /**
   * The last unit of partition {@code k} of a plan given by its first units {@code starts} (ascending, from 0) over
   * units {@code 0..units-1}: {@code starts[k+1] - 1}, or {@code units - 1} for the last partition. The one place
   * that turns cut positions into ranges, for every solver that encodes plans as cuts.
   */
  public static int lastUnit(int[] starts, int k, int units) {
    return k + 1 < starts.length ? starts[k + 1] - 1 : units - 1;
  }

  /** Last unit + 1. */
  public int units() {
    return partitions.get(partitions.size() - 1).lastUnit() + 1;
  }
}
