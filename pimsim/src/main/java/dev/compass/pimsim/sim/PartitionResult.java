package dev.compass.pimsim.sim;

/**
 * What the simulator measured for one partition.
 *
 * @param index partition index
 * @param firstUnit first unit
 * @param lastUnit last unit
 * @param latencySeconds from the start of its weight phase to the end of its last store
 * @param writeSeconds the weight phase: until every weight read and row write is done
 * @param computeSeconds the compute phase: from the end of the weight phase to the end of the last
 *     stage's last image and the last store
 * @param weightBytes weight bytes read from DRAM
 * @param ioBytes activation and partial-sum bytes loaded and stored, whole batch
 * @param rowsWritten rows written into arrays
 * @param arraySteps array steps executed (one array, one input slice)
 * @param vectorMacs attention MACs executed on the vector unit
 * @param arrayBusySeconds sum over arrays of the time each spent computing
 * @param energy energy by kind
 */
public record PartitionResult(
    int index,
    int firstUnit,
    int lastUnit,
    double latencySeconds,
    double writeSeconds,
    double computeSeconds,
    double weightBytes,
    double ioBytes,
    long rowsWritten,
    long arraySteps,
    long vectorMacs,
    double arrayBusySeconds,
    EnergyBreakdown energy) {

  /** Total energy of the partition. */
  public double energyJoules() {
    return energy.totalJoules();
  }

  /** Energy without the static part. */
  public double dynamicEnergyJoules() {
    return energy.dynamicJoules();
  }
}
