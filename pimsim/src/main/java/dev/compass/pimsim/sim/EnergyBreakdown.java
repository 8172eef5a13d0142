package dev.compass.pimsim.sim;

/**
 * Energy by kind, joules. All but {@code staticEnergy} are dynamic: counts of actions times the
 * hardware spec's per-action energies.
 *
 * @param compute array steps x {@code eStep}
 * @param weightDram weight bytes read from DRAM x {@code eDram}
 * @param rowWrites rows written x {@code eRow}
 * @param activationDram activation and partial-sum bytes loaded and stored x {@code eDram}
 * @param vector attention MACs x {@code eVecMac} (charged once per stage, MODEL.md rule 12)
 * @param staticEnergy {@code pStatic} x simulated latency
 */
public record EnergyBreakdown(
    double compute, double weightDram, double rowWrites, double activationDram, double vector, double staticEnergy) {

  public static final EnergyBreakdown ZERO = new EnergyBreakdown(0, 0, 0, 0, 0, 0);

  /** All but static energy. */
  public double dynamicJoules() {
    return compute + weightDram + rowWrites + activationDram + vector;
  }

  /** Dynamic plus static energy. */
  public double totalJoules() {
    return dynamicJoules() + staticEnergy;
  }

  /** Component-wise sum. */
  public EnergyBreakdown plus(EnergyBreakdown o) {
    return new EnergyBreakdown(compute + o.compute, weightDram + o.weightDram, rowWrites + o.rowWrites,
        activationDram + o.activationDram, vector + o.vector, staticEnergy + o.staticEnergy);
  }
}
