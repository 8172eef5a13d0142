package dev.compass.pimsim.sim;

import java.util.List;

/**
 * What the simulator measured for a whole plan and batch.
 *
 * @param network network name
 * @param hardware hardware name
 * @param batch images {@code B}
 * @param latencySeconds batch latency: the partitions one after another
 * @param energy energy by kind, summed over partitions
 * @param arrays arrays on the chip, {@code A}
 * @param arrayBusySeconds sum over arrays of their computing time
 * @param weightBytes weight bytes read from DRAM
 * @param ioBytes activation and partial-sum bytes moved, whole batch
 * @param dramBusySeconds time the DRAM channel was transferring
 * @param events events the simulator processed (for the granularity note in docs/pimsim.md)
 * @param partitions per partition
 */
public record SimResult(
    String network,
    String hardware,
    int batch,
    double latencySeconds,
    EnergyBreakdown energy,
    int arrays,
    double arrayBusySeconds,
    double weightBytes,
    double ioBytes,
    double dramBusySeconds,
    long events,
    List<PartitionResult> partitions) {

  public SimResult {
    partitions = List.copyOf(partitions);
  }

  /** Total energy, static included. */
  public double energyJoules() {
    return energy.totalJoules();
  }

  /** Energy without the static part. */
  public double dynamicEnergyJoules() {
    return energy.dynamicJoules();
  }

  /** Images per second, {@code B / T}. */
  public double throughput() {
    return batch / latencySeconds;
  }

  /** Array utilization: busy array-seconds over {@code A * T}. */
  public double arrayUtilization() {
    return arrayBusySeconds / (arrays * latencySeconds);
  }

  /** All DRAM bytes (weights and activations). */
  public double dramBytes() {
    return weightBytes + ioBytes;
  }
}
