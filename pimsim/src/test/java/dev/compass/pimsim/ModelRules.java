package dev.compass.pimsim;

import dev.compass.formulation.graph.Stage;
import dev.compass.formulation.graph.StageEdge;
import dev.compass.formulation.graph.StageGraph;
import dev.compass.formulation.graph.TrafficTensor;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.mapping.Mapping;
import dev.compass.formulation.plan.Partition;
import dev.compass.formulation.plan.PartitionPlan;
import java.util.HashMap;
import java.util.Map;

/**
 * The analytical formulas of FORMULATION.md §4–5 and MODEL.md rules 9–14, written out directly in
 * the test (pimsim may not call the cost model): the independent method the simulator's counts and
 * times are compared with until the cross-module suite does it against {@code costmodel}.
 */
final class ModelRules {
  final double weightBytes;
  final long rows;
  final double ioBytesPerImage;
  final double fill;
  final double tau;
  final double writeSeconds;

  private ModelRules(double weightBytes, long rows, double io, double fill, double tau, double write) {
    this.weightBytes = weightBytes;
    this.rows = rows;
    this.ioBytesPerImage = io;
    this.fill = fill;
    this.tau = tau;
    this.writeSeconds = write;
  }

  /** {@code T(p) = T_write + max(F + (B-1) tau, B * io / bwDram)}. */
  double latency(int batch, HardwareSpec hw) {
    return writeSeconds + Math.max(fill + (batch - 1) * tau, batch * ioBytesPerImage / hw.bwDram());
  }

  /** The model's numbers for partition {@code p} of {@code plan}. */
  static ModelRules of(Mapping m, PartitionPlan plan, int p) {
    StageGraph g = m.graph();
    HardwareSpec hw = m.hardware();
    int ns = g.size();
    long[][] out = new long[plan.size()][ns];
    int[] lastPart = new int[ns];
    int[] partOf = new int[m.units()];
    for (int q = 0; q < plan.size(); q++) {
      Partition part = plan.partitions().get(q);
      for (int u = part.firstUnit(); u <= part.lastUnit(); u++) {
        partOf[u] = q;
        lastPart[m.unitStage(u)] = q;
        if (m.unitLastChunk(u)) out[q][m.unitStage(u)] += m.unitOutputs(u);
      }
    }
    Partition part = plan.partitions().get(p);
    Map<Integer, Boolean> in = new HashMap<>();
    double wb = 0;
    long rows = 0;
    double psum = 0;
    for (int u = part.firstUnit(); u <= part.lastUnit(); u++) {
      int s = m.unitStage(u);
      in.put(s, true);
      wb += m.unitWeightBits(u) / 8.0;
      rows += part.replicationOf(g.stage(s).name()) * m.unitRowsWritten(u);
      if (!m.unitLastChunk(u)) psum += m.unitPsumBits(u) / 8.0; // stored
      if (m.unitChunk(u) > 0) psum += m.unitPsumBits(u - 1) / 8.0; // loaded
    }
    double io = psum;
    for (TrafficTensor t : g.tensors()) {
      double bytes = t.elements() * (double) hw.activationBits() / 8.0;
      boolean read = t.consumers().stream().anyMatch(in::containsKey);
      if (read) {
        if (t.producer() < 0) {
          io += bytes;
        } else {
          long before = 0;
          for (int q = 0; q < p; q++) before += out[q][t.producer()];
          Stage st = g.stage(t.producer());
          io += before * bytes / ((double) st.groups() * st.w());
        }
      }
      if (t.producer() >= 0 && in.containsKey(t.producer()) && out[p][t.producer()] > 0) {
        boolean needed = t.output() || t.consumers().stream().anyMatch(c -> lastPart[c] > p);
        Stage st = g.stage(t.producer());
        if (needed) io += out[p][t.producer()] * bytes / ((double) st.groups() * st.w());
      }
    }
    // stage times, fill and bottleneck
    Map<Integer, Double> time = new HashMap<>();
    double tau = 0;
    for (int s : in.keySet()) {
      Stage st = g.stage(s);
      long d = part.replicationOf(st.name());
      double t = ((st.mvmsPerImage() + d - 1) / d) * hw.steps() * hw.tStep() + st.attentionMacs() / hw.vecMacRate();
      time.put(s, t);
      tau = Math.max(tau, t);
    }
    Map<Integer, Double> longest = new HashMap<>();
    double fill = 0;
    for (int s = 0; s < ns; s++) {
      if (!in.containsKey(s)) continue;
      double best = 0;
      for (StageEdge e : g.edges()) if (e.to() == s && in.containsKey(e.from())) best = Math.max(best, longest.get(e.from()));
      longest.put(s, best + time.get(s));
      fill = Math.max(fill, best + time.get(s));
    }
    double write = Math.max(wb / hw.bwDram(), rows * hw.tRow() / hw.writePorts());
    return new ModelRules(wb, rows, io, fill, tau, write);
  }
}
