package dev.compass.costmodel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.zoo.ModelZoo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The range index of {@link FormulationTables.Candidates} ({@code firstEntry}, {@code cheapest}, {@code cover}: a
 * binary search per last unit) against a linear scan of the whole table (brute force, no index).
 */
class CandidateIndexTest {

  @Test
  void firstEntryCheapestAndCoverAgreeWithALinearScan() {
    CostModel m = CostModel.of(ModelZoo.build("squeezenet1_0"), HardwarePresets.get("compass-s"), 4);
    FormulationTables.Candidates t = FormulationTables.candidates(m);
    int n = m.units();
    double[][] weights = {{1, 0}, {0, 1}, {1, 1e3}};
    for (int j = 0; j < n; j++) {
      for (int i = 0; i <= j; i++) {
        // brute force: the entries of range i..j, in table order
        List<Integer> mine = new ArrayList<>();
        for (int c = 0; c < t.size(); c++) if (t.first(c) == i && t.last(c) == j) mine.add(c);
        if (mine.isEmpty()) {
          assertThat(t.firstEntry(i, j)).as(i + ".." + j).isEqualTo(-1);
          for (double[] w : weights) assertThat(t.cheapest(i, j, w[0], w[1])).isEqualTo(-1);
          continue;
        }
        assertThat(t.firstEntry(i, j)).as(i + ".." + j).isEqualTo(mine.get(0));
        assertThat(mine.get(mine.size() - 1) - mine.get(0)).as("contiguous").isEqualTo(mine.size() - 1);
        for (double[] w : weights) {
          int best = mine.get(0);
          for (int c : mine) if (w[0] * t.latency(c) + w[1] * t.energy(c) < w[0] * t.latency(best) + w[1] * t.energy(best)) best = c;
          assertThat(t.cheapest(i, j, w[0], w[1])).as(i + ".." + j).isEqualTo(best);
        }
      }
    }
    // every unit alone: the cover is the sum of each single-unit range's least cost, found by the same linear scan
    int[] starts = new int[n];
    for (int u = 0; u < n; u++) starts[u] = u;
    for (double[] w : weights) {
      double expected = 0;
      for (int u = 0; u < n; u++) {
        double least = Double.POSITIVE_INFINITY;
        for (int c = 0; c < t.size(); c++) {
          if (t.first(c) == u && t.last(c) == u) least = Math.min(least, w[0] * t.latency(c) + w[1] * t.energy(c));
        }
        expected += least;
      }
      List<Integer> chosen = new ArrayList<>();
      assertThat(t.cover(starts, w[0], w[1], chosen)).isEqualTo(expected);
      assertThat(chosen).hasSize(n);
    }
    assertThat(t.size()).isGreaterThan(100);
  }
}
