package dev.compass.pimsim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.formulation.graph.Stage;
import dev.compass.formulation.graph.StageEdge;
import dev.compass.formulation.graph.StageGraph;
import dev.compass.formulation.graph.TrafficTensor;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.mapping.Mapping;
import dev.compass.formulation.plan.Partition;
import dev.compass.formulation.plan.PartitionPlan;
import dev.compass.pimsim.sim.ScheduleBound;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The analytical formulas of FORMULATION.md §4–5 (version 2) and MODEL.md rules 9–14, written out
 * directly in the test (pimsim may not call the cost model): the independent method pimsim's own
 * tests compare the simulator's counts and times with (the cross-module suites do it against
 * {@code costmodel}). Version 2: {@code tau = max(max_s t_s, V)} with {@code V = sum_s v_s} (one
 * vector unit), {@code f_s = max(L_s/bwDram, t_s + max_pred f_p)} ({@code L_s}: the bytes stage
 * {@code s} loads per image, a tensor read by two stages counted in both) and {@code F = max(max_s
 * f_s, V)}.
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

  /** Within 5% of the model (either way), the cross-module suites' {@code LatencyRule.TOL}. */
  static final double TOL = 0.05;
  /** Beyond {@link #TOL} above the model, within 2% of the bound ({@code LatencyRule.PROOF_TOL}). */
  static final double PROOF_TOL = 0.02;

  /**
   * The cross-module suites' latency rule ({@code dev.compass.it.LatencyRule}, docs/pimsim.md): the
   * simulator never beats {@link ScheduleBound} (up to one clock's rounding), is not more than 5%
   * below the model, and is within 5% above it or, beyond that, within 2% of the bound (which then
   * proves the rest of the excess a term the contract leaves out).
   */
  static void checkLatency(String at, double model, double sim, ScheduleBound.Bound bound) {
    double lb = bound.latencySeconds();
    String numbers = String.format(Locale.ROOT, "%s: simulated %.6g s, model %.6g s (%+.2f%%), bound %.6g s (%+.2f%%)",
        at, sim, model, 100 * (sim / model - 1), lb, 100 * (lb / model - 1));
    assertThat(sim).as("below the bound on any execution: %s", numbers).isGreaterThanOrEqualTo(lb * (1 - 1e-9));
    assertThat(sim).as("more than 5%% below the model: %s", numbers).isGreaterThanOrEqualTo(model * (1 - TOL));
    if (sim > model * (1 + TOL)) {
      assertThat(sim).as("more than 5%% above the model and 2%% above the bound: %s", numbers).isLessThanOrEqualTo(lb * (1 + PROOF_TOL));
    }
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
    // per-stage loads L_s (version 2's fill): a tensor read by several stages of the partition is
    // loaded once (bytesIO above) but waited for by each of them; plus the partial sums of its units
    Map<Integer, Double> load = new HashMap<>();
    for (int u = part.firstUnit(); u <= part.lastUnit(); u++) {
      if (m.unitChunk(u) > 0) load.merge(m.unitStage(u), m.unitPsumBits(u - 1) / 8.0, Double::sum);
    }
    for (TrafficTensor t : g.tensors()) {
      double bytes = t.elements() * (double) hw.activationBits() / 8.0;
      double loaded;
      if (t.producer() < 0) {
        loaded = bytes;
      } else {
        long before = 0;
        for (int q = 0; q < p; q++) before += out[q][t.producer()];
        Stage st = g.stage(t.producer());
        loaded = before * bytes / ((double) st.groups() * st.w());
      }
      for (int c : t.consumers()) if (in.containsKey(c)) load.merge(c, loaded, Double::sum);
    }
    // stage times t_s (with attention v_s), V = sum_s v_s, tau = max(max_s t_s, V)
    Map<Integer, Double> time = new HashMap<>();
    double vector = 0;
    double tau = 0;
    for (int s : in.keySet()) {
      Stage st = g.stage(s);
      long d = part.replicationOf(st.name());
      double v = st.attentionMacs() / hw.vecMacRate();
      double t = ((st.mvmsPerImage() + d - 1) / d) * hw.steps() * hw.tStep() + v;
      time.put(s, t);
      vector += v;
      tau = Math.max(tau, t);
    }
    tau = Math.max(tau, vector);
    // f_s = max(L_s/bwDram, t_s + max_pred f_p) in topological (stage index) order; F = max(max_s f_s, V)
    Map<Integer, Double> finish = new HashMap<>();
    double fill = vector;
    for (int s = 0; s < ns; s++) {
      if (!in.containsKey(s)) continue;
      double pred = 0;
      for (StageEdge e : g.edges()) if (e.to() == s && in.containsKey(e.from())) pred = Math.max(pred, finish.get(e.from()));
      double f = Math.max(load.getOrDefault(s, 0.0) / hw.bwDram(), time.get(s) + pred);
      finish.put(s, f);
      fill = Math.max(fill, f);
    }
    double write = Math.max(wb / hw.bwDram(), rows * hw.tRow() / hw.writePorts());
    return new ModelRules(wb, rows, io, fill, tau, write);
  }
}
