package dev.compass.it;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.network.NetworkBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded random small instances: networks with chains, residual Adds, branches joined by Concat,
 * grouped convolutions and attention-like products, on small chips so that plans have several
 * partitions, replication matters, and some stages need row chunks.
 */
final class RandomInstances {
  private RandomInstances() {}

  /** A random instance: its seed, allocation and cost model. */
  record Instance(long seed, Allocation allocation, CostModel model) {
    @Override
    public String toString() {
      return "seed " + seed + " " + allocation;
    }
  }

  /**
   * The first {@code count} seeds from {@code firstSeed} whose network builds and maps to
   * {@code minUnits..maxUnits} units, alternating ARRAY (even seeds) and CORE, batch 1, 8 or 15.
   */
  static List<Instance> instances(long firstSeed, int count, int minUnits, int maxUnits) {
    List<Instance> out = new ArrayList<>();
    for (long s = firstSeed; out.size() < count && s < firstSeed + 5000; s++) {
      Allocation alloc = s % 2 == 0 ? Allocation.ARRAY : Allocation.CORE;
      CostModel m;
      try {
        m = CostModel.of(network(s), chip(s, alloc), 1 + (int) (s % 3) * 7);
      } catch (RuntimeException e) {
        continue; // a random shape that does not connect: try the next seed
      }
      if (m.units() >= minUnits && m.units() <= maxUnits) out.add(new Instance(s, alloc, m));
    }
    return out;
  }

  static Network network(long seed) {
    Random r = new Random(seed);
    NetworkBuilder b = new NetworkBuilder("random" + seed);
    int hw = 2 + r.nextInt(3);
    String x = b.input("input", 1, 1 + r.nextInt(4), hw, hw);
    int layers = 2 + r.nextInt(4);
    List<String> earlier = new ArrayList<>();
    for (int l = 0; l < layers; l++) {
      long c = b.shape(x)[1];
      int kind = r.nextInt(6);
      String name = "l" + l;
      if (kind == 0 && !earlier.isEmpty()) {
        // residual: conv keeping shape, then Add with an earlier tensor of the same shape
        String y = b.conv(name, x, c, 3, 1, 1);
        String skip = null;
        for (String e : earlier) if (java.util.Arrays.equals(b.shape(e), b.shape(y))) skip = e;
        x = skip == null ? b.vector(name + ".relu", "Relu", y) : b.vector(name + ".add", "Add", y, skip);
      } else if (kind == 1) {
        // two branches joined by Concat
        String a = b.conv(name + ".a", x, 1 + r.nextInt(6), 1, 1, 0);
        String bb = b.conv(name + ".b", x, 1 + r.nextInt(6), 3, 1, 1);
        x = b.concat(name + ".cat", 1, a, bb);
      } else if (kind == 2 && c % 2 == 0) {
        x = b.conv(name, x, c, 3, 1, 1, (int) (r.nextBoolean() ? c : 2));
      } else if (kind == 3) {
        // attention-like product on the vector unit
        String y = b.conv(name, x, 2 + r.nextInt(8), 1, 1, 0);
        long[] s = b.shape(y);
        x = b.vectorShaped(name + ".att", "MatMul", s, s[1] * s[2] * s[3] * (1 + r.nextInt(4)), y);
      } else {
        int k = 1 + 2 * r.nextInt(2);
        x = b.conv(name, x, 1 + r.nextInt(20), k, 1, (k - 1) / 2);
        x = b.vector(name + ".relu", "Relu", x);
      }
      earlier.add(x);
    }
    String f = b.flatten("flatten", x);
    String y = b.linear("fc", f, 1 + r.nextInt(10));
    return b.build(y);
  }

  static HardwareSpec chip(long seed, Allocation allocation) {
    Random r = new Random(seed * 31 + 7);
    int cores = 1 + r.nextInt(3);
    int apc = 1 + r.nextInt(3);
    int rows = 4 << r.nextInt(3);
    int cellBits = 1 + r.nextInt(2);
    int weightBits = cellBits * (1 + r.nextInt(2));
    int slices = weightBits / cellBits;
    int cols = slices * (2 << r.nextInt(3));
    return new HardwareSpec("chip" + seed, cores, apc, rows, cols, cellBits, weightBits, 1 + r.nextInt(4), 8, 1 + r.nextInt(2),
        1e-8 * (1 + r.nextInt(3)), 1e-9 * (1 + r.nextInt(20)), 1 + r.nextInt(cores + 1),
        1e8 * (1 + r.nextInt(50)), 1e-10, 3e-10, 5e-12 * (1 + r.nextInt(4)), 1e-3 * r.nextInt(3),
        1e8 * (1 + r.nextInt(10)), 1e-12, allocation, Map.of());
  }
}
