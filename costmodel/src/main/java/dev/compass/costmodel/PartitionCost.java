package dev.compass.costmodel;

import java.util.Map;

/**
 * The cost of one partition (FORMULATION.md §4): {@code T(p) = T_write + max(T_compute, bytesIO/bwDram)}
 * and its energy, broken down.
 *
 * @param firstUnit first unit (inclusive)
 * @param lastUnit last unit (inclusive)
 * @param replication {@code d_s} per stage name, in stage order
 * @param latencySeconds {@code T(p)}
 * @param energyJoules all energy charged to the partition (static included)
 * @param writeSeconds {@code T_write = max(bytesW/bwDram, rowsW*tRow/writePorts)}
 * @param computeSeconds {@code T_compute = F + (B-1)*tau}
 * @param fillSeconds {@code F}
 * @param tauSeconds the bottleneck {@code tau = max_s t_s}
 * @param weightBytes {@code bytesW}
 * @param ioBytes {@code bytesIO} per batch (loads + stores, partial sums included)
 * @param loadBytes loads per batch
 * @param storeBytes stores per batch
 * @param rowsWritten {@code rowsW}
 * @param arraysUsed {@code sum_s d_s*a_s}
 * @param computeEnergy {@code B * sum P_s*steps*a_s*eStep} over the partition's units
 * @param weightDramEnergy {@code bytesW * eDram}
 * @param ioDramEnergy {@code bytesIO * eDram}
 * @param rowWriteEnergy {@code rowsW * eRow}
 * @param attentionEnergy {@code B * attention MACs * eVecMac} of the stages whose first unit is here
 * @param staticEnergy {@code pStatic * T(p)}
 */
public record PartitionCost(
    int firstUnit,
    int lastUnit,
    Map<String, Integer> replication,
    double latencySeconds,
    double energyJoules,
    double writeSeconds,
    double computeSeconds,
    double fillSeconds,
    double tauSeconds,
    double weightBytes,
    double ioBytes,
    double loadBytes,
    double storeBytes,
    long rowsWritten,
    long arraysUsed,
    double computeEnergy,
    double weightDramEnergy,
    double ioDramEnergy,
    double rowWriteEnergy,
    double attentionEnergy,
    double staticEnergy) {

  public PartitionCost {
    replication = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(replication));
  }

  /** All energy but static. */
  public double dynamicEnergy() {
    return energyJoules - staticEnergy;
  }
}
