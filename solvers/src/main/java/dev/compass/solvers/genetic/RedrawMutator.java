package dev.compass.solvers.genetic;

import dev.compass.formulation.plan.PartitionPlan;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Re-draw the cuts inside a random window: a window of {@code w} consecutive partitions
 * ({@code w} uniform in {@code 1..min(maxWindow, partitions)}, its position uniform) loses its inner
 * cuts and gets new random valid ones ({@code ValidityMap#randomCuts}); the cuts outside the window
 * stay.
 */
public final class RedrawMutator extends AbstractPartitionMutator {
  /** Default largest window, in partitions. */
  public static final int DEFAULT_MAX_WINDOW = 3;

  private final int maxWindow;

  public RedrawMutator(double probability) {
    this(probability, DEFAULT_MAX_WINDOW);
  }

  public RedrawMutator(double probability, int maxWindow) {
    super(probability);
    if (maxWindow < 1) throw new IllegalArgumentException("window must be >= 1 partition, got " + maxWindow);
    this.maxWindow = maxWindow;
  }

  @Override
  int[] mutate(int[] starts, ValidityMap v, RandomGenerator random) {
    int n = v.units();
    int m = starts.length;
    int w = 1 + random.nextInt(Math.min(maxWindow, m));
    int k = random.nextInt(m - w + 1);
    int from = starts[k];
    int to = PartitionPlan.lastUnit(starts, k + w - 1, n);
    if (from == to) return null;
    int[] buf = new int[m + (to - from + 1)];
    System.arraycopy(starts, 0, buf, 0, k);
    int pos = v.randomCuts(random, from, to, buf, k);
    System.arraycopy(starts, k + w, buf, pos, m - k - w);
    return Arrays.copyOf(buf, pos + m - k - w);
  }

  @Override
  public String toString() {
    return "redraw(p=" + probability() + ", window<=" + maxWindow + ")";
  }
}
