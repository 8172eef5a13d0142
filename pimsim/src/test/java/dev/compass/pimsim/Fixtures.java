package dev.compass.pimsim;

import dev.compass.formulation.graph.StageGraph;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.mapping.Mapping;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.network.NetworkBuilder;
import dev.compass.formulation.plan.Partition;
import dev.compass.formulation.plan.PartitionPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hand-sized chip and networks whose every number is easy to follow.
 *
 * <p>Chip: 4 cores x 2 arrays of 8x8 (A = 8), 1-bit cells and weights (slices = 1, 8 outputs per
 * column tile), 2-bit activations through a 1-bit DAC (steps = 2), tStep = 1 us (one MVM = 2 us),
 * tRow = 0.1 us, one write port, bwDram = 8 bytes/us, eDram = 1 J/B, eStep = 2 J, eRow = 3 J,
 * pStatic = 0.5 W, vecMacRate = 1 MAC/us, eVecMac = 4 J.
 */
final class Fixtures {
  private Fixtures() {}

  static HardwareSpec chip(Allocation allocation) {
    return chip(allocation, 1e-7, 1, 8e6);
  }

  static HardwareSpec chip(Allocation allocation, double tRow, int writePorts, double bwDram) {
    return chip(4, 2, allocation, tRow, writePorts, bwDram);
  }

  /** The same chip with {@code cores x arraysPerCore} arrays. */
  static HardwareSpec chip(int cores, int arraysPerCore, Allocation allocation, double tRow, int writePorts, double bwDram) {
    return new HardwareSpec("test-chip", cores, arraysPerCore, 8, 8, 1, 1, 2, 16, 1, 1e-6, tRow, writePorts, bwDram,
        1.0, 2.0, 3.0, 0.5, 1e6, 4.0, allocation, Map.of());
  }

  /**
   * x [1,8,4,4] -> conv1 (1x1, 8->8) -> conv2 (1x1, 8->8) -> output. Each conv: H = W = 8, one
   * array, 8 rows, 64 weight bits; P = 16; tensors of 128 elements = 32 bytes.
   */
  static Network chain2() {
    NetworkBuilder b = new NetworkBuilder("chain2");
    String x = b.input("x", 1, 8, 4, 4);
    String c1 = b.conv("conv1", x, 8, 1, 1, 0);
    String c2 = b.conv("conv2", c1, 8, 1, 1, 0);
    return b.build(c2);
  }

  /** Like {@link #chain2()} with a third conv. */
  static Network chain3() {
    NetworkBuilder b = new NetworkBuilder("chain3");
    String x = b.input("x", 1, 8, 4, 4);
    String c1 = b.conv("conv1", x, 8, 1, 1, 0);
    String c2 = b.conv("conv2", c1, 8, 1, 1, 0);
    String c3 = b.conv("conv3", c2, 8, 1, 1, 0);
    return b.build(c3);
  }

  /**
   * Branches: conv1 feeds conv2a and conv2b (parallel), their concat feeds conv3; plus a residual
   * Add of conv1 into conv3's output (read by stage conv3 as a side input). All 1x1 8->8 convs
   * except conv3, which reads 16 channels (H = 16: two row tiles, two arrays).
   */
  static Network branches() {
    NetworkBuilder b = new NetworkBuilder("branches");
    String x = b.input("x", 1, 8, 4, 4);
    String c1 = b.conv("conv1", x, 8, 1, 1, 0);
    String a = b.conv("conv2a", c1, 8, 1, 1, 0);
    String bb = b.conv("conv2b", c1, 8, 1, 1, 0);
    String cat = b.concat("cat", 1, a, bb);
    String c3 = b.conv("conv3", cat, 8, 1, 1, 0);
    String add = b.vector("add", "Add", c3, c1);
    return b.build(add);
  }

  /**
   * Unequal parallel branches joined by a concat: conv1 feeds convB (one stage) and convA1 -> convA2
   * (two stages); concat(convA2, convB) feeds conv4 (H = 16, two arrays). Stage order conv1, convB,
   * convA1, convA2, conv4; edges 0->1, 0->2, 2->3, 1->4, 3->4. All P = 16.
   */
  static Network diamond() {
    NetworkBuilder b = new NetworkBuilder("diamond");
    String x = b.input("x", 1, 8, 4, 4);
    String c1 = b.conv("conv1", x, 8, 1, 1, 0);
    String bb = b.conv("convB", c1, 8, 1, 1, 0);
    String a1 = b.conv("convA1", c1, 8, 1, 1, 0);
    String a2 = b.conv("convA2", a1, 8, 1, 1, 0);
    String cat = b.concat("cat", 1, a2, bb);
    String c4 = b.conv("conv4", cat, 8, 1, 1, 0);
    return b.build(c4);
  }

  /**
   * Two attention heads: x [1,4,16] feeds two independent Dense stages q and k (16 -> 8, P = 4: 8 us
   * of MVMs each), each with a 40-MAC attention product (40 us at 1 MAC/us) of shape [1,4,4].
   */
  static Network twoHeads() {
    NetworkBuilder b = new NetworkBuilder("two-heads");
    String x = b.input("x", 1, 4, 16);
    String q = b.matmulConst("q", x, 8);
    String k = b.matmulConst("k", x, 8);
    String sq = b.vectorShaped("sq", "MatMul", new long[] {1, 4, 4}, 40, q, q);
    String sk = b.vectorShaped("sk", "MatMul", new long[] {1, 4, 4}, 40, k, k);
    return b.build(sq, sk);
  }

  /**
   * x [1,72] -> fc (72 -> 8): H = 72 gives R = 9 row tiles > A = 8, so the column unit is cut into
   * chunk 0 (8 arrays, 64 rows) and chunk 1 (1 array, 8 rows). P = 1.
   */
  static Network chunked() {
    NetworkBuilder b = new NetworkBuilder("chunked");
    String x = b.input("x", 1, 72);
    String fc = b.linear("fc", x, 8);
    return b.build(fc);
  }

  static Mapping map(Network net, HardwareSpec hw) {
    return Mapping.of(StageGraph.of(net), hw);
  }

  /** One partition per range {@code cuts[i]..cuts[i+1]-1}, replication from {@code rep} (stage=d pairs). */
  static PartitionPlan plan(int[] cuts, Object... rep) {
    Map<String, Integer> r = new LinkedHashMap<>();
    for (int i = 0; i < rep.length; i += 2) r.put((String) rep[i], (Integer) rep[i + 1]);
    List<Partition> ps = new ArrayList<>();
    for (int i = 0; i + 1 < cuts.length; i++) ps.add(new Partition(cuts[i], cuts[i + 1] - 1, r));
    return new PartitionPlan(ps);
  }

  static PartitionPlan single(int units, Object... rep) {
    return plan(new int[] {0, units}, rep);
  }
}
