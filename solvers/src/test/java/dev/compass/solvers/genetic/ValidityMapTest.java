package dev.compass.solvers.genetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

class ValidityMapTest {
  // 6 units; minFirst[j] = smallest valid first unit of a range ending at j:
  // ranges that fit: at most 3 units for j <= 3, then the chip fills faster (unit 4 is big)
  static final int[] MIN_FIRST = {0, 0, 0, 1, 3, 4};
  static final ValidityMap MAP = new ValidityMap(MIN_FIRST);

  @Test
  void maxLastIsTheLongestValidRange() {
    // maxLast(i) = max j with minFirst[j] <= i:
    // i=0: j in {0,1,2} -> 2; i=1: {0..3} -> 3; i=2: 3; i=3: {0..4} -> 4; i=4: {0..5} -> 5; i=5: 5
    assertThat(new int[] {MAP.maxLast(0), MAP.maxLast(1), MAP.maxLast(2), MAP.maxLast(3), MAP.maxLast(4), MAP.maxLast(5)})
        .containsExactly(2, 3, 3, 4, 5, 5);
    assertThat(MAP.valid(0, 2)).isTrue();
    assertThat(MAP.valid(0, 3)).isFalse();
    assertThat(MAP.valid(3, 4)).isTrue();
    assertThat(MAP.valid(2, 4)).isFalse();
    assertThat(MAP.valid(3, 2)).isFalse();
    assertThat(MAP.feasible()).isTrue();
  }

  @Test
  void aUnitThatDoesNotFitAloneMakesTheMapInfeasible() {
    // minFirst[1] = 2 > 1: unit 1 alone does not fit
    ValidityMap m = new ValidityMap(new int[] {0, 2, 2});
    assertThat(m.feasible()).isFalse();
    assertThat(m.maxLast(1)).isEqualTo(0);
  }

  @Test
  void rejectsADecreasingMinFirst() {
    assertThatThrownBy(() -> new ValidityMap(new int[] {0, 1, 0})).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void greedyFillsEachPartitionAsFarAsItFits() {
    // from 0: maxLast 2 -> [0..2]; from 3: maxLast 4 -> [3..4]; from 5: [5]
    assertThat(MAP.greedyStarts()).containsExactly(0, 3, 5);
  }

  @Test
  void repairSplitsOnlyTheInvalidPartitionsGreedily() {
    // [0..1] valid, [2..5] invalid -> greedy from 2: maxLast(2) = 3 -> [2..3], then [4..5]
    assertThat(MAP.repair(new int[] {0, 2})).containsExactly(0, 2, 4);
    // a valid group is returned unchanged
    assertThat(MAP.repair(new int[] {0, 1, 3, 4})).containsExactly(0, 1, 3, 4);
    // unsorted, duplicated, missing 0 and out-of-range cuts: sorted to {3, 5}, 0 added; [0..2] [3..4] [5] valid
    assertThat(MAP.repair(new int[] {5, 3, 3, 9, -1})).containsExactly(0, 3, 5);
  }

  @Test
  void randomGroupsAndRepairsAreAlwaysValid() {
    for (long seed = 0; seed < 300; seed++) {
      RandomGenerator r = RandomGeneratorFactory.of("L64X256MixRandom").create(seed);
      int n = 1 + r.nextInt(30);
      int[] mf = randomMinFirst(r, n);
      ValidityMap m = new ValidityMap(mf);
      int[] s = m.randomStarts(r);
      assertThat(m.validGroup(s)).as("seed %d", seed).isTrue();
      int[] junk = r.ints(r.nextInt(6), -2, n + 2).toArray();
      int[] fixed = m.repair(junk);
      assertThat(m.validGroup(fixed)).as("seed %d repair of %s", seed, java.util.Arrays.toString(junk)).isTrue();
    }
  }

  /** A random non-decreasing minFirst with minFirst[j] <= j (every unit fits alone). */
  static int[] randomMinFirst(RandomGenerator r, int n) {
    int[] mf = new int[n];
    for (int j = 1; j < n; j++) mf[j] = Math.min(j, mf[j - 1] + (r.nextInt(3) == 0 ? 0 : r.nextInt(3)));
    return mf;
  }
}
