package dev.compass.costmodel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The ladder's rungs and times, by hand for {@code P = 10} MVMs, 1 s per MVM, {@code v = 0.5} s. */
class ReplicationLadderTest {
  private final ReplicationLadder ladder = new ReplicationLadder(10, 1.0, 0.5);

  @Test
  void rungsAreTheLeastReplicationOfEachMvmCount() {
    // K = ceil(10/d): d = 1 -> 10, 2 -> 5, 3 -> 4, 4 -> 3, 5 -> 2, 10 -> 1 (6..9 repeat K = 2)
    assertThat(ladder.rungs(10)).containsExactly(1, 2, 3, 4, 5, 10);
    assertThat(ladder.next(3)).isEqualTo(4);
    assertThat(ladder.next(6)).isEqualTo(10);
    assertThat(ladder.next(10)).isZero();
    // from the MVM count the scan already holds: K = 4 (d = 3) -> ceil(10/3) = 4; K = 2 -> 10
    assertThat(ladder.nextFromMvms(4)).isEqualTo(4);
    assertThat(ladder.nextFromMvms(2)).isEqualTo(10);
  }

  @Test
  void timeIsMvmsPerReplicaTimesMvmSecondsPlusAttention() {
    assertThat(ladder.time(1)).isEqualTo(10.5);
    assertThat(ladder.time(3)).isEqualTo(4.5);
    assertThat(ladder.timeOfMvms(4)).isEqualTo(4.5);
    assertThat(ladder.time(10)).isEqualTo(1.5);
    // least d meeting 4.5 s is 3 (d = 2 takes 5.5 s)
    assertThat(ladder.leastFor(4.5)).hasValue(3);
    assertThat(ladder.leastFor(1.0)).isEmpty();
  }
}
