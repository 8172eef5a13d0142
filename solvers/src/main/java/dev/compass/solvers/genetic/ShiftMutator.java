package dev.compass.solvers.genetic;

import dev.compass.formulation.plan.PartitionPlan;
import java.util.random.RandomGenerator;

/**
 * Shift a boundary: the boundary between partitions {@code k} and {@code k+1} (the first unit
 * {@code b} of {@code k+1}) moves to another position {@code b'} where both stay non-empty and valid:
 * {@code max(first_k + 1, minFirst(last_{k+1})) <= b' <= min(last_{k+1}, maxLast(first_k) + 1)}.
 * The boundary is chosen uniformly among those with another valid position, {@code b'} uniformly
 * among that boundary's other positions.
 */
public final class ShiftMutator extends AbstractPartitionMutator {
  public ShiftMutator(double probability) {
    super(probability);
  }

  @Override
  int[] mutate(int[] starts, ValidityMap v, RandomGenerator random) {
    int n = v.units();
    int candidates = 0;
    for (int k = 0; k + 1 < starts.length; k++) if (hi(starts, k, v, n) > lo(starts, k, v, n)) candidates++;
    if (candidates == 0) return null;
    int pick = random.nextInt(candidates);
    for (int k = 0; k + 1 < starts.length; k++) {
      int lo = lo(starts, k, v, n);
      int hi = hi(starts, k, v, n);
      if (hi > lo && pick-- == 0) {
        int b = starts[k + 1];
        int nb = random.nextInt(lo, hi); // one of the hi - lo positions other than b
        if (nb >= b) nb++;
        int[] out = starts.clone();
        out[k + 1] = nb;
        return out;
      }
    }
    throw new AssertionError();
  }

  private static int lo(int[] starts, int k, ValidityMap v, int n) {
    return Math.max(starts[k] + 1, v.minFirst(PartitionPlan.lastUnit(starts, k + 1, n)));
  }

  private static int hi(int[] starts, int k, ValidityMap v, int n) {
    return Math.min(PartitionPlan.lastUnit(starts, k + 1, n), v.maxLast(starts[k]) + 1);
  }

  @Override
  public String toString() {
    return "shift(p=" + probability() + ")";
  }
}
