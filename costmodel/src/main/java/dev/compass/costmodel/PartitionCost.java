package dev.compass.costmodel;

import java.util.Map;
import java.util.Optional;

/**
 * The cost of one partition (FORMULATION.md §4, version 2):
 * {@code T(p) = T_write + max(T_compute, bytesIO/bwDram)}, {@code T_compute = F + (B-1)*tau}, with the
 * bottleneck {@code tau = max(max_s t_s, V)}, {@code V = sum_s v_s} (one vector unit) and the fill
 * {@code F = max(max_s f_s, V)}, {@code f_s = max(L_s/bwDram, t_s + max_pred f_p)}; and its energy,
 * broken down.
 *
 * @param firstUnit first unit (inclusive)
 * @param lastUnit last unit (inclusive)
 * @param replication {@code d_s} per stage name, in stage order
 * @param latencySeconds {@code T(p)}
 * @param energyJoules all energy charged to the partition (static included)
 * @param writeSeconds {@code T_write = max(bytesW/bwDram, rowsW*tRow/writePorts)}
 * @param computeSeconds {@code T_compute = F + (B-1)*tau}
 * @param fillSeconds {@code F = max(max_s f_s, V)}
 * @param tauSeconds the bottleneck {@code tau = max(max_s t_s, V)} (also {@link #bottleneckSeconds()})
 * @param vectorSeconds {@code V = sum_s v_s}, the attention time per image of the partition's stages
 * @param bindingLoad the first-image load that binds {@code F}, if one does (see {@link BindingLoad})
 * @param weightBytes {@code bytesW}
 * @param ioBytes {@code bytesIO} per batch (loads + stores, partial sums included)
 * @param ioSeconds {@code bytesIO / bwDram}, the activation traffic's time on the DRAM channel:
 *     {@code T(p) = T_write + max(T_compute, ioSeconds)} without prefetch
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
    double vectorSeconds,
    Optional<BindingLoad> bindingLoad,
    double weightBytes,
    double ioBytes,
    double ioSeconds,
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
    java.util.Objects.requireNonNull(bindingLoad, "bindingLoad");
  }

  /** The bottleneck {@code tau = max(max_s t_s, V)} (the same as {@link #tauSeconds()}). */
  public double bottleneckSeconds() {
    return tauSeconds;
  }

  /** All energy but static. */
  public double dynamicEnergy() {
    return energyJoules - staticEnergy;
  }

  /**
   * The same partition with another share {@code latency} of the plan's latency and
   * {@code staticEnergy} over it: under weight prefetch (FORMULATION.md §9, {@link PairCost}) a
   * partition's latency is {@code W(p | prev) + C(p | next)}. Every other term ({@code T_write},
   * {@code T_compute}, bytes, rows, dynamic energies) is unchanged.
   */
  public PartitionCost withLatency(double latency, double staticEnergy) {
    return new PartitionCost(firstUnit, lastUnit, replication, latency, dynamicEnergy() + staticEnergy, writeSeconds,
        computeSeconds, fillSeconds, tauSeconds, vectorSeconds, bindingLoad, weightBytes, ioBytes, ioSeconds, loadBytes, storeBytes,
        rowsWritten, arraysUsed, computeEnergy, weightDramEnergy, ioDramEnergy, rowWriteEnergy, attentionEnergy,
        staticEnergy);
  }
}
