package dev.compass.solvers.genetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The four mutations keep groups valid and change them only as described. */
class MutatorTest {
  static final ValidityMap MAP = ValidityMapTest.MAP; // 6 units, maxLast = {2,3,3,4,5,5}

  static RandomGenerator random(long seed) {
    return RandomGeneratorFactory.of("L64X256MixRandom").create(seed);
  }

  static Set<Integer> set(int[] a) {
    return Arrays.stream(a).boxed().collect(Collectors.toSet());
  }

  @Test
  void splitAddsOneCutInsideAPartition() {
    Set<String> seen = new HashSet<>();
    for (long seed = 0; seed < 200; seed++) {
      int[] out = new SplitMutator(1).mutate(new int[] {0, 3, 5}, MAP, random(seed));
      assertThat(out).hasSize(4);
      assertThat(set(out)).contains(0, 3, 5);
      assertThat(MAP.validGroup(out)).isTrue();
      seen.add(Arrays.toString(out));
    }
    // partitions [0..2], [3..4], [5]: the new cut is one of 1, 2, 4
    assertThat(seen).containsExactlyInAnyOrder("[0, 1, 3, 5]", "[0, 2, 3, 5]", "[0, 3, 4, 5]");
    // single-unit partitions only: nothing to split
    assertThat(new SplitMutator(1).mutate(new int[] {0, 1, 2, 3, 4, 5}, MAP, random(1))).isNull();
  }

  @Test
  void mergeJoinsOnlyNeighboursWhoseUnionFits() {
    Set<String> seen = new HashSet<>();
    for (long seed = 0; seed < 200; seed++) {
      seen.add(Arrays.toString(new MergeMutator(1).mutate(new int[] {0, 1, 3, 5}, MAP, random(seed))));
    }
    // pairs: [0]+[1..2] = [0..2] valid; [1..2]+[3..4] = [1..4] invalid (maxLast(1) = 3); [3..4]+[5] = [3..5] invalid
    assertThat(seen).containsExactly("[0, 3, 5]");
    // [0..2]+[3..4] = [0..4] and [3..4]+[5] = [3..5] do not fit: nothing to merge
    assertThat(new MergeMutator(1).mutate(new int[] {0, 3, 5}, MAP, random(1))).isNull();
  }

  @Test
  void shiftMovesOneBoundaryWithinItsValidWindow() {
    Set<String> seen = new HashSet<>();
    for (long seed = 0; seed < 300; seed++) {
      int[] out = new ShiftMutator(1).mutate(new int[] {0, 2, 4}, MAP, random(seed));
      assertThat(MAP.validGroup(out)).isTrue();
      seen.add(Arrays.toString(out));
    }
    // boundary 2 between [0..1] and [2..3]: b' in [max(1, minFirst(3)=1), min(3, maxLast(0)+1=3)] = 1..3, so 1 or 3
    // boundary 4 between [2..3] and [4..5]: b' in [max(3, minFirst(5)=4), min(5, maxLast(2)+1=4)] = 4..4: cannot move
    assertThat(seen).containsExactlyInAnyOrder("[0, 1, 4]", "[0, 3, 4]");
  }

  @Test
  void redrawKeepsTheCutsOutsideItsWindow() {
    ValidityMap wide = new ValidityMap(new int[20]); // everything fits: any cuts are valid
    int[] start = {0, 4, 8, 12, 16};
    for (long seed = 0; seed < 300; seed++) {
      int[] out = new RedrawMutator(1, 2).mutate(start, wide, random(seed));
      if (out == null) continue;
      assertThat(wide.validGroup(out)).isTrue();
      // a window of at most 2 partitions has at most one inner cut; the
      // window's first unit and the later cuts are kept, so at least 4 of the 5 old cuts survive (and 0 always does)
      Set<Integer> kept = set(out);
      kept.retainAll(set(start));
      assertThat(kept).contains(0).hasSizeGreaterThanOrEqualTo(4);
    }
  }

  @Test
  void everyMutationKeepsRandomGroupsValid() {
    for (long seed = 0; seed < 400; seed++) {
      RandomGenerator r = random(seed);
      int n = 1 + r.nextInt(40);
      ValidityMap m = new ValidityMap(ValidityMapTest.randomMinFirst(r, n));
      int[] s = m.randomStarts(r);
      for (AbstractPartitionMutator op : new AbstractPartitionMutator[] {
          new SplitMutator(1), new MergeMutator(1), new ShiftMutator(1), new RedrawMutator(1)}) {
        int[] out = op.mutate(s, m, r);
        if (out != null) assertThat(m.validGroup(out)).as("seed %d %s on %s -> %s", seed, op, Arrays.toString(s), Arrays.toString(out)).isTrue();
        s = out == null ? s : out;
      }
    }
  }

  @Test
  void crossoverTakesOneParentBeforeTheCutAndTheOtherAfter() {
    // head cuts below 5: {0, 2}; tail cuts from 5: {6, 9}
    assertThat(CutCrossover.cross(new int[] {0, 2, 7}, new int[] {0, 3, 6, 9}, 5)).containsExactly(0, 2, 6, 9);
    // the junction partition may not fit: head {0}, tail {} -> [0..5] on MAP, repaired greedily to [0..2][3..4][5]
    int[] child = CutCrossover.cross(new int[] {0, 4}, new int[] {0, 1}, 3);
    assertThat(child).containsExactly(0);
    assertThat(MAP.validGroup(child)).isFalse();
    assertThat(new PartitionGroupChromosome(child, MAP).repaired().starts()).containsExactly(0, 3, 5);
  }
}
