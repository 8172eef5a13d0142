package dev.compass.formulation.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compass.formulation.InputException;
import dev.compass.formulation.plan.Partition;
import dev.compass.formulation.plan.PartitionPlan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading plan files: partitions[] with firstUnit, lastUnit and replication. */
class JsonPlanTest {
  private static final String SRC = "plan.json";

  @Test
  void readsPartitionsAndReplicationAndIgnoresAResultsCostFields() {
    PartitionPlan p = Json.readPlan("""
        {"objective": "latency", "latencySeconds": 1.5e-3, "certificate": {"optimal": true},
         "partitions": [{"firstUnit": 0, "lastUnit": 3, "replication": {"conv1": 2}, "latencySeconds": 1e-4},
                        {"firstUnit": 4, "lastUnit": 4}]}
        """, SRC);
    assertThat(p.partitions()).containsExactly(new Partition(0, 3, Map.of("conv1", 2)), new Partition(4, 4, Map.of()));
    assertThat(p.units()).isEqualTo(5);
    assertThat(p.partitions().get(0).replicationOf("fc")).isEqualTo(1);
  }

  private static void rejects(String text, String message) {
    assertThatThrownBy(() -> Json.readPlan(text, SRC)).isInstanceOf(InputException.class).hasMessage(message);
  }

  @Test
  void aGapBetweenPartitionsIsNamed() {
    rejects("{\"partitions\": [{\"firstUnit\": 0, \"lastUnit\": 3}, {\"firstUnit\": 5, \"lastUnit\": 6}]}",
        SRC + ": partitions[1].firstUnit: is 5 but partition 0 ends at unit 3; partitions must be contiguous, so it must be 4");
  }

  @Test
  void aPlanMustStartAtUnitZero() {
    rejects("{\"partitions\": [{\"firstUnit\": 1, \"lastUnit\": 3}]}",
        SRC + ": partitions[0].firstUnit: is 1; the first partition must start at unit 0");
  }

  @Test
  void anEmptyRangeIsNamed() {
    rejects("{\"partitions\": [{\"firstUnit\": 0, \"lastUnit\": 3}, {\"firstUnit\": 4, \"lastUnit\": 2}]}",
        SRC + ": partitions[1].lastUnit: must be >= firstUnit 4, got 2");
  }

  @Test
  void replicationBelowOneIsNamed() {
    rejects("{\"partitions\": [{\"firstUnit\": 0, \"lastUnit\": 0, \"replication\": {\"fc\": 0}}]}",
        SRC + ": partitions[0].replication.fc: must be an integer from 1 to 2147483647, got 0");
  }

  @Test
  void missingOrEmptyPartitionsAreNamed() {
    rejects("{}", SRC + ": partitions: is missing; expected an array");
    rejects("{\"partitions\": []}", SRC + ": partitions: a plan needs at least one partition");
    rejects("{\"partitions\": [{\"lastUnit\": 2}]}", SRC + ": partitions[0].firstUnit: is missing; expected an integer");
  }

  @Test
  void writtenPlansAreRecordsToo() {
    assertThat(new PartitionPlan(List.of(new Partition(0, 0, Map.of()))).size()).isEqualTo(1);
  }
}
