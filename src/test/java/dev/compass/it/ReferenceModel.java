package dev.compass.it;

import dev.compass.formulation.graph.Stage;
import dev.compass.formulation.graph.StageEdge;
import dev.compass.formulation.graph.StageGraph;
import dev.compass.formulation.graph.TrafficTensor;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.mapping.Mapping;
import dev.compass.formulation.plan.Partition;
import dev.compass.formulation.plan.PartitionPlan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A second, deliberately plain implementation of FORMULATION.md §4–5 (with docs/MODEL.md's readings),
 * written from the text with loops over partitions, units and tensors — no prefix sums, no scanner —
 * to check the cost model's optimized code ("full assert" mode).
 */
final class ReferenceModel {
  record Result(double latency, double energy, List<double[]> parts) {}

  static Result evaluate(StageGraph g, Mapping map, HardwareSpec hw, int batch, PartitionPlan plan) {
    int np = plan.size();
    int[] partOf = new int[map.units()];
    for (int k = 0; k < np; k++) {
      Partition p = plan.partitions().get(k);
      for (int u = p.firstUnit(); u <= p.lastUnit(); u++) partOf[u] = k;
    }
    double T = 0;
    double E = 0;
    List<double[]> parts = new ArrayList<>();
    for (int k = 0; k < np; k++) {
      Partition p = plan.partitions().get(k);
      Set<Integer> stages = new HashSet<>();
      for (int u = p.firstUnit(); u <= p.lastUnit(); u++) stages.add(map.unitStage(u));
      // stage times
      double tau = 0;
      double[] t = new double[g.size()];
      for (int s : stages) {
        Stage st = g.stage(s);
        int d = p.replicationOf(st.name());
        double mvms = Math.ceil((double) st.mvmsPerImage() / d);
        t[s] = mvms * hw.steps() * hw.tStep() + st.attentionMacs() / hw.vecMacRate();
        tau = Math.max(tau, t[s]);
      }
      // longest path (stages in order; edges inside the partition)
      double[] L = new double[g.size()];
      double F = 0;
      for (int s = 0; s < g.size(); s++) {
        if (!stages.contains(s)) continue;
        double in = 0;
        for (StageEdge e : g.edges()) if (e.to() == s && stages.contains(e.from())) in = Math.max(in, L[e.from()]);
        L[s] = in + t[s];
        F = Math.max(F, L[s]);
      }
      double compute = F + (batch - 1) * tau;
      // weights
      double wbits = 0;
      double rows = 0;
      double steps = 0;
      for (int u = p.firstUnit(); u <= p.lastUnit(); u++) {
        Stage st = g.stage(map.unitStage(u));
        int d = p.replicationOf(st.name());
        wbits += map.unitWeightBits(u);
        rows += (double) d * map.unitRowsWritten(u);
        steps += (double) st.mvmsPerImage() * hw.steps() * map.unitArrays(u);
      }
      double write = Math.max(wbits / 8 / hw.bwDram(), rows * hw.tRow() / hw.writePorts());
      // traffic (bits per image)
      double io = 0;
      for (TrafficTensor tt : g.tensors()) {
        boolean readHere = false;
        for (int c : tt.consumers()) readHere |= stages.contains(c);
        if (readHere) {
          if (tt.networkInput()) io += tt.elements() * hw.activationBits();
          else io += tt.elements() * hw.activationBits() * shareIn(g, map, plan, tt.producer(), 0, k - 1);
        }
        if (tt.producer() >= 0 && stages.contains(tt.producer())) {
          boolean later = tt.output();
          for (int c : tt.consumers()) {
            for (int u = map.stage(c).firstUnit(); u <= map.stage(c).lastUnit(); u++) later |= partOf[u] > k;
          }
          if (later) io += tt.elements() * hw.activationBits() * shareIn(g, map, plan, tt.producer(), k, k);
        }
      }
      for (int u = p.firstUnit(); u <= p.lastUnit(); u++) {
        if (!map.unitLastChunk(u)) io += map.unitPsumBits(u);
        if (map.unitChunk(u) > 0) io += map.unitPsumBits(u - 1);
      }
      double ioBytes = io / 8 * batch;
      double Tp = write + Math.max(compute, ioBytes / hw.bwDram());
      double att = 0;
      for (int s : stages) if (map.stage(s).firstUnit() >= p.firstUnit()) att += (double) batch * g.stage(s).attentionMacs() * hw.eVecMac();
      double Ep = batch * steps * hw.eStep() + (wbits / 8 + ioBytes) * hw.eDram() + rows * hw.eRow() + att + hw.pStatic() * Tp;
      parts.add(new double[] {Tp, Ep, ioBytes, rows});
      T += Tp;
      E += Ep;
    }
    return new Result(T, E, parts);
  }

  /** Share of stage s's output made by partitions from..to: output columns of their last-chunk units / (g*W). */
  static double shareIn(StageGraph g, Mapping map, PartitionPlan plan, int s, int from, int to) {
    double cols = 0;
    for (int k = from; k <= to; k++) {
      Partition p = plan.partitions().get(k);
      for (int u = p.firstUnit(); u <= p.lastUnit(); u++) {
        if (map.unitStage(u) == s && map.unitLastChunk(u)) cols += map.unitOutputs(u);
      }
    }
    return cols / ((double) g.stage(s).groups() * g.stage(s).w());
  }
}
