package dev.compass.costmodel;

/**
 * One candidate of a valid range (FORMULATION.md §4): the range's stages at the least replication
 * meeting one bottleneck target, with the terms a path-type formulation needs as coefficients.
 *
 * @param firstUnit first unit of the range (inclusive)
 * @param lastUnit last unit (inclusive)
 * @param step the scan step ({@link RangeScanner#costAtStep}; 0 = every {@code d_s = 1})
 * @param target the target {@code max_s t_s} (the bottleneck is {@code max(target, V)})
 * @param latencySeconds {@code T(p)}
 * @param energyJoules {@code E(p)} (static energy included)
 * @param replication {@code d_s} indexed by stage - first stage of the range (a copy)
 * @param capacityUsed {@code sum_s d_s*a_s} (ARRAY) or {@code sum_s ceil(d_s*a_s/A_c)} (CORE)
 * @param rowsWritten {@code rowsW}
 * @param weightBytes {@code bytesW}
 * @param ioBytes {@code bytesIO} per batch
 * @param computeSeconds {@code T_compute = F + (B-1)*tau}
 */
public record Candidate(
    int firstUnit,
    int lastUnit,
    int step,
    double target,
    double latencySeconds,
    double energyJoules,
    int[] replication,
    long capacityUsed,
    long rowsWritten,
    double weightBytes,
    double ioBytes,
    double computeSeconds) {

  public Candidate {
    replication = replication.clone();
  }

  @Override
  public int[] replication() {
    return replication.clone();
  }
}
