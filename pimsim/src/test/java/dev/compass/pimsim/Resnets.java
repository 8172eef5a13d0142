package dev.compass.pimsim;

import dev.compass.formulation.graph.StageGraph;
import dev.compass.formulation.hardware.Allocation;
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
 * torchvision's ResNet-50 (v1.5: stride on the 3x3 conv; the downsample conv after conv3, as the ONNX
 * export orders it), built for tests; {@code ResnetTest} checks it against the PyTorch ground truth
 * in {@code models/onnx/resnet50.layers.json}. Also the greedy plan of FORMULATION.md §6.
 */
final class Resnets {
  private Resnets() {}

  static Network resnet50() {
    NetworkBuilder b = new NetworkBuilder("resnet50");
    String x = b.input("input", 1, 3, 224, 224);
    x = b.conv("conv1", x, 64, 7, 2, 3);
    x = b.vector("relu", "Relu", x);
    x = b.pool("maxpool", "MaxPool", x, 3, 2, 1, false);
    int[] blocks = {3, 4, 6, 3};
    long in = 64;
    for (int l = 0; l < 4; l++) {
      long width = 64L << l;
      for (int k = 0; k < blocks[l]; k++) {
        int stride = (k == 0 && l > 0) ? 2 : 1;
        String p = "layer" + (l + 1) + "." + k + ".";
        String c1 = b.vector(p + "relu1", "Relu", b.conv(p + "conv1", x, width, 1, 1, 0));
        String c2 = b.vector(p + "relu2", "Relu", b.conv(p + "conv2", c1, width, 3, stride, 1));
        String c3 = b.conv(p + "conv3", c2, width * 4, 1, 1, 0);
        String id = x;
        if (k == 0) id = b.conv(p + "downsample.0", x, width * 4, 1, stride, 0);
        x = b.vector(p + "relu3", "Relu", b.vector(p + "add", "Add", c3, id));
        in = width * 4;
      }
    }
    x = b.globalPool("avgpool", x);
    x = b.flatten("flatten", x);
    x = b.linear("fc", x, 1000);
    return b.build(x);
  }

  static Mapping map(Network net, String preset) {
    return Mapping.of(StageGraph.of(net), dev.compass.formulation.hardware.HardwarePresets.get(preset));
  }

  /**
   * Greedy (FORMULATION.md §6, cuts only): fill each partition with consecutive units while they
   * fit at d = 1; then, inside each partition, repeatedly give one more replica to the slowest stage
   * while capacity holds (a simple replication, not the optimal one).
   */
  static PartitionPlan greedy(Mapping m) {
    var hw = m.hardware();
    List<Partition> parts = new ArrayList<>();
    int first = 0;
    while (first < m.units()) {
      int last = first;
      while (last + 1 < m.units() && fits(m, first, last + 1, Map.of())) last++;
      parts.add(new Partition(first, last, replicate(m, first, last)));
      first = last + 1;
    }
    return new PartitionPlan(parts);
  }

  private static Map<String, Integer> replicate(Mapping m, int first, int last) {
    Map<String, Integer> d = new LinkedHashMap<>();
    var g = m.graph();
    for (int u = first; u <= last; u++) d.putIfAbsent(g.stage(m.unitStage(u)).name(), 1);
    while (true) {
      String slow = null;
      long worst = -1;
      for (var e : d.entrySet()) {
        long p = g.stages().stream().filter(s -> s.name().equals(e.getKey())).findFirst().orElseThrow().mvmsPerImage();
        long t = (p + e.getValue() - 1) / e.getValue();
        if (t > worst && e.getValue() < p) {
          worst = t;
          slow = e.getKey();
        }
      }
      if (slow == null) return d;
      Map<String, Integer> more = new LinkedHashMap<>(d);
      more.merge(slow, 1, Integer::sum);
      if (!fits(m, first, last, more)) return d;
      d = more;
    }
  }

  /** Capacity at replication {@code d} (stages not named: 1), ARRAY or CORE. */
  static boolean fits(Mapping m, int first, int last, Map<String, Integer> d) {
    var hw = m.hardware();
    Map<Integer, Long> a = new LinkedHashMap<>();
    for (int u = first; u <= last; u++) a.merge(m.unitStage(u), (long) m.unitArrays(u), Long::sum);
    long arrays = 0;
    long cores = 0;
    for (var e : a.entrySet()) {
      long n = d.getOrDefault(m.graph().stage(e.getKey()).name(), 1) * e.getValue();
      arrays += n;
      cores += (n + hw.arraysPerCore() - 1) / hw.arraysPerCore();
    }
    return hw.allocation() == Allocation.ARRAY ? arrays <= hw.arrays() : cores <= hw.cores();
  }
}
