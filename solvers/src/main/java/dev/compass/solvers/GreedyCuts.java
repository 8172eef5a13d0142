package dev.compass.solvers;

import dev.compass.costmodel.CostModel;
import java.util.Arrays;
import java.util.function.IntUnaryOperator;

/**
 * Greedy cuts (FORMULATION.md §6): from a first unit {@code i}, the partition runs as far as it stays
 * valid, {@code min(maxLast(i), to)}; the next one starts after it. The one routine behind the greedy
 * baseline (the whole network), layerwise (each stage's units), the genetic repair and the
 * formulations' heuristic plans.
 */
public final class GreedyCuts {
  private GreedyCuts() {}

  /**
   * Writes the first units of the greedy partitions of units {@code from..to} into {@code out} from
   * {@code pos} and returns the new end position. A unit that does not fit alone
   * ({@code maxLast(i) < i}) stays on its own (the model has no plan then).
   *
   * @param maxLast the last unit of the longest valid range starting at a unit
   */
  public static int fill(IntUnaryOperator maxLast, int from, int to, int[] out, int pos) {
    int i = from;
    while (i <= to) {
      out[pos++] = i;
      i = Math.max(i, Math.min(maxLast.applyAsInt(i), to)) + 1;
    }
    return pos;
  }

  /** The first units of the greedy partitions of units {@code from..to} of {@code model}. */
  public static int[] starts(CostModel model, int from, int to) {
    int[] buf = new int[to - from + 1];
    return Arrays.copyOf(buf, fill(model::maxLast, from, to, buf, 0));
  }

  /** The greedy cuts of the whole network. */
  public static int[] starts(CostModel model) {
    return starts(model, 0, model.units() - 1);
  }
}
