package dev.compass.solvers.genetic;

import dev.compass.formulation.plan.PartitionPlan;
import java.util.random.RandomGenerator;

/**
 * Split a partition: a partition of at least two units, chosen uniformly, is cut in two at a
 * uniform position inside it. Both halves are valid, as sub-ranges of a valid range.
 */
public final class SplitMutator extends AbstractPartitionMutator {
  public SplitMutator(double probability) {
    super(probability);
  }

  @Override
  int[] mutate(int[] starts, ValidityMap v, RandomGenerator random) {
    int n = v.units();
    int candidates = 0;
    for (int k = 0; k < starts.length; k++) if (PartitionPlan.lastUnit(starts, k, n) > starts[k]) candidates++;
    if (candidates == 0) return null;
    int pick = random.nextInt(candidates);
    for (int k = 0; k < starts.length; k++) {
      int last = PartitionPlan.lastUnit(starts, k, n);
      if (last > starts[k] && pick-- == 0) {
        int cut = random.nextInt(starts[k] + 1, last + 1); // first unit of the second half
        int[] out = new int[starts.length + 1];
        System.arraycopy(starts, 0, out, 0, k + 1);
        out[k + 1] = cut;
        System.arraycopy(starts, k + 1, out, k + 2, starts.length - k - 1);
        return out;
      }
    }
    throw new AssertionError();
  }

  @Override
  public String toString() {
    return "split(p=" + probability() + ")";
  }
}
