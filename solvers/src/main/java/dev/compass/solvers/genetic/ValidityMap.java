package dev.compass.solvers.genetic;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.plan.PartitionPlan;
import dev.compass.solvers.GreedyCuts;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The validity map of FORMULATION.md §4 in the form the genetic operators need: unit range
 * {@code i..j} is valid iff {@code i >= minFirst(j)}. Since arrays only add up, {@code minFirst} is
 * non-decreasing in {@code j}, so for each first unit {@code i} the valid ranges are exactly
 * {@code i..j} with {@code i <= j <= maxLast(i)}, and every sub-range of a valid range is valid.
 *
 * <p>Immutable and thread-safe.
 */
final class ValidityMap {
  private final int[] minFirst;
  private final int[] maxLast;

  /** @param minFirst {@code minFirst[j]}: the smallest first unit of a valid range ending at {@code j} (non-decreasing) */
  ValidityMap(int[] minFirst) {
    int n = minFirst.length;
    if (n == 0) throw new IllegalArgumentException("no units");
    for (int j = 1; j < n; j++) {
      if (minFirst[j] < minFirst[j - 1]) throw new IllegalArgumentException("minFirst decreases at unit " + j);
    }
    this.minFirst = minFirst.clone();
    this.maxLast = new int[n];
    // maxLast(i) = the largest j with minFirst[j] <= i (i - 1 if unit i alone does not fit)
    int j = -1;
    for (int i = 0; i < n; i++) {
      while (j + 1 < n && this.minFirst[j + 1] <= i) j++;
      maxLast[i] = Math.max(j, i - 1);
    }
  }

  static ValidityMap of(CostModel model) {
    int[] mf = new int[model.units()];
    for (int j = 0; j < mf.length; j++) mf[j] = model.minFirst(j);
    return new ValidityMap(mf);
  }


  int units() {
    return minFirst.length;
  }

  boolean valid(int i, int j) {
    return i >= 0 && j < minFirst.length && i <= j && i >= minFirst[j];
  }

  int minFirst(int j) {
    return minFirst[j];
  }

  /** The last unit of the longest valid range starting at {@code i} ({@code i - 1} if none). */
  int maxLast(int i) {
    return maxLast[i];
  }

  /** True if every unit fits the chip on its own, so that plans exist. */
  boolean feasible() {
    for (int i = 0; i < maxLast.length; i++) if (maxLast[i] < i) return false;
    return true;
  }

  /**
   * Random valid cuts of units {@code from..to}: starting at {@code i = from}, the partition's last
   * unit is drawn uniformly from its valid window {@code i..min(maxLast(i), to)}; repeat from the
   * next unit. Writes the partitions' first units into {@code out} from {@code pos} and returns the
   * new end position ({@code out} must have room for {@code to - from + 1} entries).
   */
  int randomCuts(RandomGenerator random, int from, int to, int[] out, int pos) {
    int i = from;
    while (i <= to) {
      out[pos++] = i;
      int hi = Math.min(maxLast[i], to);
      i = hi == i ? i + 1 : random.nextInt(i, hi + 1) + 1;
    }
    return pos;
  }

  /** A random valid partition group of the whole network (first units, ascending, from 0). */
  int[] randomStarts(RandomGenerator random) {
    int[] buf = new int[units()];
    int m = randomCuts(random, 0, units() - 1, buf, 0);
    return Arrays.copyOf(buf, m);
  }

  /** The greedy cuts of FORMULATION.md §6: each partition as long as it can be. */
  int[] greedyStarts() {
    int[] buf = new int[units()];
    int m = greedyCuts(0, units() - 1, buf, 0);
    return Arrays.copyOf(buf, m);
  }

  /** Greedy cuts of units {@code from..to} ({@link GreedyCuts#fill}): each partition runs to {@code min(maxLast(i), to)}. */
  int greedyCuts(int from, int to, int[] out, int pos) {
    return GreedyCuts.fill(this::maxLast, from, to, out, pos);
  }

  /**
   * The repair of the genetic algorithm: sorts and de-duplicates the cuts, puts a cut at unit 0, drops
   * cuts outside the network, and splits every invalid partition greedily into valid ones (each as
   * long as it can be, from its first unit). Valid partitions are kept unchanged, so a valid group is
   * returned as it is.
   */
  int[] repair(int[] starts) {
    int n = units();
    int[] s = Arrays.stream(starts).filter(x -> x > 0 && x < n).sorted().distinct().toArray();
    int[] buf = new int[n];
    int m = 0;
    for (int k = 0; k <= s.length; k++) {
      int i = k == 0 ? 0 : s[k - 1];
      int j = k < s.length ? s[k] - 1 : n - 1;
      if (valid(i, j)) {
        buf[m++] = i;
      } else {
        m = greedyCuts(i, j, buf, m);
      }
    }
    return Arrays.copyOf(buf, m);
  }

  /** True if {@code starts} is a valid partition group: ascending from 0 and every partition valid. */
  boolean validGroup(int[] starts) {
    if (starts.length == 0 || starts[0] != 0) return false;
    for (int k = 0; k < starts.length; k++) {
      int j = PartitionPlan.lastUnit(starts, k, units());
      if (!valid(starts[k], j)) return false;
    }
    return true;
  }
}
