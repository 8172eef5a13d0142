package dev.compass.formulation.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Cut positions to ranges, by hand: starts {0, 3, 7} over 10 units are the ranges 0..2, 3..6, 7..9. */
class PartitionPlanTest {
  @Test
  void lastUnitOfEachPartitionFromItsStarts() {
    int[] starts = {0, 3, 7};
    assertThat(PartitionPlan.lastUnit(starts, 0, 10)).isEqualTo(2);
    assertThat(PartitionPlan.lastUnit(starts, 1, 10)).isEqualTo(6);
    assertThat(PartitionPlan.lastUnit(starts, 2, 10)).isEqualTo(9);
    assertThat(PartitionPlan.lastUnit(new int[] {0}, 0, 1)).isEqualTo(0); // one unit, one partition
  }
}
