package dev.compass.costmodel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.plan.Partition;
import dev.compass.formulation.plan.PartitionPlan;
import dev.compass.formulation.zoo.ModelZoo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Traffic of skip and branch tensors on real networks, derived by hand from the architectures. */
class ZooCostTest {

  static int stage(CostModel m, String name) {
    for (int s = 0; s < m.stages(); s++) if (m.stageName(s).equals(name)) return s;
    throw new AssertionError("no stage " + name);
  }

  @Test
  void resnetSkipTensorIsLoadedByThePartitionHoldingTheAdd() {
    CostModel m = CostModel.of(ModelZoo.build("resnet18"), HardwarePresets.get("compass-m"), 1);
    int s = stage(m, "layer1.0.conv2");
    PartitionCost c = m.scanner().cost(m.stageFirstUnit(s), m.stageLastUnit(s), new int[] {1});
    // layer1.0.conv2's stage holds the residual Add, so it reads the relu output of layer1.0.conv1 and the
    // skip tensor (the stem's maxpool output): 2 x 64*56*56 elements x 4 bits / 8 = 2 x 100352 B
    assertThat(c.loadBytes()).isEqualTo(2 * 100352.0);
    // it stores its block output (read by layer1.1.conv1 and layer1.1's Add, both later): 100352 B
    assertThat(c.storeBytes()).isEqualTo(100352.0);
  }

  @Test
  void squeezenetConcatIsReadAsItsTwoBranches() {
    CostModel m = CostModel.of(ModelZoo.build("squeezenet1_0"), HardwarePresets.get("compass-m"), 1);
    int s = stage(m, "features.4.squeeze");
    PartitionCost c = m.scanner().cost(m.stageFirstUnit(s), m.stageLastUnit(s), new int[] {1});
    // fire3's squeeze reads fire2's Concat of expand1x1 and expand3x3 (64 + 64 channels at 54x54, the
    // Concat is a view): 128*54*54 elements x 4 bits / 8 = 186624 B, loaded as the two producers' tensors
    assertThat(c.loadBytes()).isEqualTo(128 * 54 * 54 * 0.5);
    // and stores its squeeze output (16 x 54 x 54), read by both expand convs later
    assertThat(c.storeBytes()).isEqualTo(16 * 54 * 54 * 0.5);
  }

  @Test
  void googlenetBranchTensorsCrossPartitions() {
    CostModel m = CostModel.of(ModelZoo.build("googlenet"), HardwarePresets.get("compass-m"), 1);
    // inception3a's four branches all read maxpool2's output (192 x 28 x 28): a partition holding only
    // branch1 loads it once and stores branch1's output (64 x 28 x 28), read by inception3b later
    int s = stage(m, "inception3a.branch1.conv");
    PartitionCost c = m.scanner().cost(m.stageFirstUnit(s), m.stageLastUnit(s), new int[] {1});
    assertThat(c.loadBytes()).isEqualTo(192 * 28 * 28 * 0.5);
    assertThat(c.storeBytes()).isEqualTo(64 * 28 * 28 * 0.5);
  }

  @Test
  void aLayerLargerThanTheChipIsSplitIntoRowChunks() {
    // vgg16 on tiny (4 arrays of 16x16): classifier.0 is 25088 x 4096, H = 25088 -> R = 1568 row tiles,
    // more than A = 4, so each column unit is cut into 392 row chunks of 4 arrays
    CostModel m = CostModel.of(ModelZoo.build("vgg16"), HardwarePresets.get("tiny"), 1);
    int s = stage(m, "classifier.0");
    var sm = m.mapping().stage(s);
    assertThat(sm.rowTiles()).isEqualTo(1568);
    assertThat(sm.chunks()).isEqualTo(392);
    // 4-bit weights in 1-bit cells: 4 columns per weight, 4 outputs per 16-column tile -> 1024 column units
    assertThat(sm.colTiles()).isEqualTo(1024);
    assertThat(sm.units()).isEqualTo(1024 * 392);
    // a plan of one unit per partition is feasible and charges partial sums: chunk 0 of column 0 stores
    // P*outputs*psumBits/8 = 1*4*16/8 = 8 B per image; chunk 1 loads them
    int u = sm.firstUnit();
    PartitionCost c0 = m.scanner().cost(u, u, new int[] {1});
    PartitionCost c1 = m.scanner().cost(u + 1, u + 1, new int[] {1});
    // chunk 0 loads the whole input of the stage (25088 x 4 bits = 12544 B) and stores 8 B of partial sums
    assertThat(c0.loadBytes()).isEqualTo(12544.0);
    assertThat(c0.storeBytes()).isEqualTo(8.0);
    assertThat(c1.loadBytes()).isEqualTo(12544.0 + 8.0);
  }

  @Test
  void greedyStylePlanOnVgg16OnTinyIsFeasible() {
    CostModel m = CostModel.of(ModelZoo.build("vgg16"), HardwarePresets.get("tiny"), 2);
    // maximal valid windows over all ~430,000 units: evaluate() accepts the plan (it rejects any
    // partition over capacity), and every partial sum a row chunk stores is loaded by the next chunk
    List<Partition> parts = new ArrayList<>();
    int i = 0;
    while (i < m.units()) {
      int j = i;
      while (j + 1 < m.units() && m.valid(i, j + 1)) j++;
      parts.add(new Partition(i, j, Map.of()));
      i = j + 1;
    }
    PlanCost c = m.evaluate(new PartitionPlan(parts));
    // a non-last chunk has A = 4 arrays, so it fills a partition alone: at least one partition per chunk
    int s = stage(m, "classifier.0");
    assertThat(parts.size()).isGreaterThanOrEqualTo(m.mapping().stage(s).units());
    double stored = 0;
    double loaded = 0;
    for (PartitionCost p : c.partitions()) {
      stored += p.storeBytes();
      loaded += p.loadBytes();
    }
    assertThat(c.latencySeconds()).isPositive();
    assertThat(loaded).isGreaterThan(stored);
  }
}
