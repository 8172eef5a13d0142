package dev.compass.solvers.genetic;

import dev.compass.formulation.plan.PartitionPlan;
import java.util.random.RandomGenerator;

/**
 * Merge two neighbours: among the adjacent pairs whose union is a valid partition, one chosen
 * uniformly becomes a single partition. Pairs whose union does not fit are never merged.
 */
public final class MergeMutator extends AbstractPartitionMutator {
  public MergeMutator(double probability) {
    super(probability);
  }

  @Override
  int[] mutate(int[] starts, ValidityMap v, RandomGenerator random) {
    int n = v.units();
    int candidates = 0;
    for (int k = 0; k + 1 < starts.length; k++) if (v.valid(starts[k], PartitionPlan.lastUnit(starts, k + 1, n))) candidates++;
    if (candidates == 0) return null;
    int pick = random.nextInt(candidates);
    for (int k = 0; k + 1 < starts.length; k++) {
      if (v.valid(starts[k], PartitionPlan.lastUnit(starts, k + 1, n)) && pick-- == 0) {
        int[] out = new int[starts.length - 1];
        System.arraycopy(starts, 0, out, 0, k + 1);
        System.arraycopy(starts, k + 2, out, k + 1, starts.length - k - 2);
        return out;
      }
    }
    throw new AssertionError();
  }

  @Override
  public String toString() {
    return "merge(p=" + probability() + ")";
  }
}
