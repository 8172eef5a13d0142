package dev.compass.it;

import dev.compass.formulation.graph.Stage;
import dev.compass.formulation.graph.StageEdge;
import dev.compass.formulation.graph.StageGraph;
import dev.compass.formulation.graph.TrafficTensor;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.mapping.Mapping;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.plan.Partition;
import dev.compass.formulation.plan.PartitionPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A second, deliberately plain implementation of FORMULATION.md version 2 (§4, §5, §8 rule 12 and
 * §9's prefetch), written from the text with loops over partitions, units, stages and tensors — no
 * prefix sums, no scanner, nothing from {@code costmodel} — to check the cost model's optimized code
 * and the solvers' optima ("full assert" mode).
 *
 * <p>Per partition (a range {@code i..j} of units with replication {@code d_s}):
 *
 * <pre>
 *   t_s   = ceil(P_s/d_s) * steps * tStep + v_s          v_s = attentionMacs_s / vecMacRate
 *   V     = sum_s v_s                                      tau = max(max_s t_s, V)
 *   f_s   = max(L_s/bwDram, t_s + max_pred f_p)            F   = max(max_s f_s, V)
 *   T_compute = F + (B-1)*tau
 *   T_write   = max(bytesW/bwDram, rowsW*tRow/writePorts)
 *   T(p)      = T_write + max(T_compute, bytesIO/bwDram)
 * </pre>
 *
 * {@code L_s} is the bytes per image that stage {@code s} loads in the partition: its share of each
 * tensor it reads that earlier partitions produced (a network input: all of it), plus the partial sums
 * the partition's first unit loads when it is a later row chunk of {@code s}.
 */
final class ReferenceModel {
  private ReferenceModel() {}

  /**
   * One partition's terms.
   *
   * @param used {@code u} of §9 (arrays under ARRAY, cores under CORE)
   * @param dynamicEnergy the partition's energy without static power
   */
  record Part(int first, int last, Map<String, Integer> replication, double tWrite, double tCompute, double fill, double tau,
      double vector, double bytesW, double rowsW, double bytesIO, double used, double dynamicEnergy) {
    /** §4: {@code T_write + max(T_compute, bytesIO/bwDram)}. */
    double latency(HardwareSpec hw) {
      return tWrite + Math.max(tCompute, bytesIO / hw.bwDram());
    }
  }

  /** A plan's latency and energy with its partitions' terms ({@code latency} and {@code energy} per partition too). */
  record Result(double latency, double energy, List<Part> parts, double[] partLatency, double[] partEnergy) {}

  // ---------------------------------------------------------------- one partition

  static Part part(StageGraph g, Mapping map, HardwareSpec hw, int batch, Partition p) {
    int i = p.firstUnit();
    int j = p.lastUnit();
    TreeSet<Integer> stages = new TreeSet<>();
    for (int u = i; u <= j; u++) stages.add(map.unitStage(u));
    Map<String, Integer> rep = new LinkedHashMap<>();
    for (int s : stages) rep.put(g.stage(s).name(), p.replicationOf(g.stage(s).name()));
    // stage times and the vector unit
    double[] t = new double[g.size()];
    double maxT = 0;
    double V = 0;
    for (int s : stages) {
      Stage st = g.stage(s);
      int d = rep.get(st.name());
      double v = st.attentionMacs() / hw.vecMacRate();
      t[s] = Math.ceil((double) st.mvmsPerImage() / d) * hw.steps() * hw.tStep() + v;
      maxT = Math.max(maxT, t[s]);
      V += v;
    }
    double tau = Math.max(maxT, V);
    // loads per stage per image (bytes)
    double[] load = new double[g.size()];
    for (int s : stages) {
      for (TrafficTensor tt : g.tensors()) {
        if (!tt.consumers().contains(s)) continue;
        double bytes = tt.elements() * (double) hw.activationBits() / 8;
        if (tt.networkInput()) load[s] += bytes;
        else load[s] += bytes * shareOfUnits(g, map, tt.producer(), 0, i - 1);
      }
    }
    if (map.unitChunk(i) > 0) load[map.unitStage(i)] += map.unitPsumBits(i - 1) / 8.0;
    // first-image finish times in topological (index) order
    double[] f = new double[g.size()];
    double F = V;
    for (int s : stages) {
      double pred = 0;
      for (StageEdge e : g.edges()) {
        if (e.to() == s && stages.contains(e.from())) pred = Math.max(pred, f[e.from()]);
      }
      f[s] = Math.max(load[s] / hw.bwDram(), t[s] + pred);
      F = Math.max(F, f[s]);
    }
    double compute = F + (batch - 1) * tau;
    // weights, rows, array steps, arrays per stage
    double wbits = 0;
    double rows = 0;
    double arraySteps = 0;
    Map<Integer, Long> arrays = new LinkedHashMap<>();
    for (int u = i; u <= j; u++) {
      Stage st = g.stage(map.unitStage(u));
      int d = rep.get(st.name());
      wbits += map.unitWeightBits(u);
      rows += (double) d * map.unitRowsWritten(u);
      arraySteps += (double) st.mvmsPerImage() * hw.steps() * map.unitArrays(u);
      arrays.merge(map.unitStage(u), (long) map.unitArrays(u), Long::sum);
    }
    double used = 0;
    for (var e : arrays.entrySet()) {
      long da = (long) rep.get(g.stage(e.getKey()).name()) * e.getValue();
      used += hw.allocation() == Allocation.CORE ? Math.ceil((double) da / hw.arraysPerCore()) : da;
    }
    double write = Math.max(wbits / 8 / hw.bwDram(), rows * hw.tRow() / hw.writePorts());
    // activation traffic (bits per image): loads once per tensor, stores if read later or an output
    double io = 0;
    for (TrafficTensor tt : g.tensors()) {
      boolean readHere = false;
      for (int c : tt.consumers()) readHere |= stages.contains(c);
      if (readHere) {
        if (tt.networkInput()) io += tt.elements() * hw.activationBits();
        else io += tt.elements() * hw.activationBits() * shareOfUnits(g, map, tt.producer(), 0, i - 1);
      }
      if (tt.producer() >= 0 && stages.contains(tt.producer())) {
        boolean later = tt.output();
        for (int c : tt.consumers()) later |= map.stage(c).lastUnit() > j;
        if (later) io += tt.elements() * hw.activationBits() * shareOfUnits(g, map, tt.producer(), i, j);
      }
    }
    for (int u = i; u <= j; u++) {
      if (!map.unitLastChunk(u)) io += map.unitPsumBits(u);
      if (map.unitChunk(u) > 0) io += map.unitPsumBits(u - 1);
    }
    double ioBytes = io / 8 * batch;
    double att = 0;
    for (int s : stages) if (map.stage(s).firstUnit() >= i) att += (double) batch * g.stage(s).attentionMacs() * hw.eVecMac();
    double dyn = batch * arraySteps * hw.eStep() + (wbits / 8 + ioBytes) * hw.eDram() + rows * hw.eRow() + att;
    return new Part(i, j, rep, write, compute, F, tau, V, wbits / 8, rows, ioBytes, used, dyn);
  }

  /** Share of stage {@code s}'s output made by units {@code from..to}: output columns of its last-chunk units there / (g*W). */
  static double shareOfUnits(StageGraph g, Mapping map, int s, int from, int to) {
    double cols = 0;
    for (int u = Math.max(from, 0); u <= to; u++) {
      if (map.unitStage(u) == s && map.unitLastChunk(u)) cols += map.unitOutputs(u);
    }
    return cols / ((double) g.stage(s).groups() * g.stage(s).w());
  }

  // ---------------------------------------------------------------- a plan

  /** §4–5 without prefetch. */
  static Result evaluate(StageGraph g, Mapping map, HardwareSpec hw, int batch, PartitionPlan plan) {
    return evaluate(g, map, hw, batch, plan, false);
  }

  /** §4–5, and with {@code prefetch} §9: {@code T = sum_p W(p|prev) + C(p|next)}. */
  static Result evaluate(StageGraph g, Mapping map, HardwareSpec hw, int batch, PartitionPlan plan, boolean prefetch) {
    List<Part> parts = new ArrayList<>();
    for (Partition p : plan.partitions()) parts.add(part(g, map, hw, batch, p));
    int n = parts.size();
    double[] lat = new double[n];
    double[] en = new double[n];
    double T = 0;
    double E = 0;
    for (int k = 0; k < n; k++) {
      Part p = parts.get(k);
      if (prefetch) {
        double w = k == 0 ? p.tWrite() : prefetchWrite(hw, parts.get(k - 1), p);
        double c = k == n - 1 ? computeAlone(hw, p) : prefetchCompute(hw, p, parts.get(k + 1));
        lat[k] = w + c;
      } else {
        lat[k] = p.latency(hw);
      }
      en[k] = p.dynamicEnergy() + hw.pStatic() * lat[k];
      T += lat[k];
      E += en[k];
    }
    return new Result(T, E, parts, lat, en);
  }

  // ---------------------------------------------------------------- §9 prefetch

  /** §9: {@code phi(p, q) = min(1, (cap - u_p) / u_q)}, {@code cap} = A (ARRAY) or N_c (CORE). */
  static double phi(HardwareSpec hw, Part p, Part q) {
    double cap = hw.allocation() == Allocation.CORE ? hw.cores() : (double) hw.cores() * hw.arraysPerCore();
    return Math.min(1, (cap - p.used()) / q.used());
  }

  /** §9: {@code C(p|q) = max(T_compute(p), (bytesIO_p + phi*bytesW_q)/bwDram, phi*rowsW_q*tRow/writePorts)}. */
  static double prefetchCompute(HardwareSpec hw, Part p, Part q) {
    double phi = phi(hw, p, q);
    return Math.max(p.tCompute(), Math.max((p.bytesIO() + phi * q.bytesW()) / hw.bwDram(), phi * q.rowsW() * hw.tRow() / hw.writePorts()));
  }

  /** §9: {@code W(q|p) = max((1-phi)*bytesW_q/bwDram, (1-phi)*rowsW_q*tRow/writePorts)}. */
  static double prefetchWrite(HardwareSpec hw, Part p, Part q) {
    double rest = 1 - phi(hw, p, q);
    return Math.max(rest * q.bytesW() / hw.bwDram(), rest * q.rowsW() * hw.tRow() / hw.writePorts());
  }

  /** §9: {@code C(p|none) = max(T_compute(p), bytesIO_p/bwDram)}. */
  static double computeAlone(HardwareSpec hw, Part p) {
    return Math.max(p.tCompute(), p.bytesIO() / hw.bwDram());
  }

  // ---------------------------------------------------------------- §8 rule 12

  /**
   * Rule 12 (v2): {@code max(totalWeightBytes/bwDram, totalRows*tRow/writePorts) + B*max(sum_s
   * P_s*steps*tStep*a_s/A, sum_s attentionTime_s)}; with {@code prefetch} the two parts combine by
   * {@code max}.
   */
  static double roofline(StageGraph g, Mapping map, HardwareSpec hw, int batch, boolean prefetch) {
    double wbits = 0;
    double rows = 0;
    double arrayWork = 0;
    for (int u = 0; u < map.units(); u++) {
      wbits += map.unitWeightBits(u);
      rows += map.unitRowsWritten(u);
      arrayWork += (double) g.stage(map.unitStage(u)).mvmsPerImage() * hw.steps() * hw.tStep() * map.unitArrays(u);
    }
    double att = 0;
    for (int s = 0; s < g.size(); s++) att += g.stage(s).attentionMacs() / hw.vecMacRate();
    double w = Math.max(wbits / 8 / hw.bwDram(), rows * hw.tRow() / hw.writePorts());
    double c = batch * Math.max(arrayWork / ((double) hw.cores() * hw.arraysPerCore()), att);
    return prefetch ? Math.max(w, c) : w + c;
  }

  // ---------------------------------------------------------------- the plan space and its optimum

  /** A range is valid when it fits with every {@code d_s = 1} (§4 capacity). */
  static boolean valid(StageGraph g, Mapping map, HardwareSpec hw, int i, int j) {
    Map<String, Integer> ones = new LinkedHashMap<>();
    return fits(g, map, hw, i, j, ones);
  }

  static boolean fits(StageGraph g, Mapping map, HardwareSpec hw, int i, int j, Map<String, Integer> rep) {
    Map<Integer, Long> arrays = new LinkedHashMap<>();
    for (int u = i; u <= j; u++) arrays.merge(map.unitStage(u), (long) map.unitArrays(u), Long::sum);
    long used = 0;
    for (var e : arrays.entrySet()) {
      long da = (long) rep.getOrDefault(g.stage(e.getKey()).name(), 1) * e.getValue();
      used += hw.allocation() == Allocation.CORE ? (da + hw.arraysPerCore() - 1) / hw.arraysPerCore() : da;
    }
    return used <= (hw.allocation() == Allocation.CORE ? hw.cores() : (long) hw.cores() * hw.arraysPerCore());
  }

  /**
   * §4's candidates of range {@code i..j}: for each distinct target among the stages' {@code t_s(d)},
   * {@code d = 1..P_s}, that every stage meets, the least replication {@code d_s(tau) = min{d : t_s(d)
   * <= tau}}, kept if it fits; as partitions.
   */
  static List<Partition> candidates(StageGraph g, Mapping map, HardwareSpec hw, int i, int j) {
    TreeSet<Integer> stages = new TreeSet<>();
    for (int u = i; u <= j; u++) stages.add(map.unitStage(u));
    TreeSet<Double> targets = new TreeSet<>();
    for (int s : stages) {
      for (long d = 1; d <= g.stage(s).mvmsPerImage(); d++) targets.add(stageTime(g, hw, s, d));
    }
    List<Partition> out = new ArrayList<>();
    for (double tau : targets) {
      Map<String, Integer> rep = new LinkedHashMap<>();
      boolean ok = true;
      for (int s : stages) {
        long d = 1;
        long P = g.stage(s).mvmsPerImage();
        while (d <= P && stageTime(g, hw, s, d) > tau) d++;
        if (d > P) {
          ok = false;
          break;
        }
        rep.put(g.stage(s).name(), (int) d);
      }
      if (ok && fits(g, map, hw, i, j, rep)) {
        Partition p = new Partition(i, j, rep);
        if (out.isEmpty() || !out.get(out.size() - 1).replication().equals(rep)) out.add(p);
      }
    }
    return out;
  }

  static double stageTime(StageGraph g, HardwareSpec hw, int s, long d) {
    Stage st = g.stage(s);
    return Math.ceil((double) st.mvmsPerImage() / d) * hw.steps() * hw.tStep() + st.attentionMacs() / hw.vecMacRate();
  }

  /**
   * The optimum of an additive objective (LATENCY, ENERGY, WEIGHTED) over §4's plan space (and with
   * {@code prefetch} over §9's: a DP over candidates with pair costs), by plain dynamic programming
   * over every valid range and every candidate; returns the optimal plan (its value: {@link #evaluate}).
   */
  static PartitionPlan optimum(StageGraph g, Mapping map, HardwareSpec hw, int batch, Objective obj, boolean prefetch) {
    if (!obj.additive()) throw new IllegalArgumentException("additive objectives only: " + obj);
    int n = map.units();
    // candidates ending at each unit
    List<List<Part>> endingAt = new ArrayList<>();
    for (int j = 0; j < n; j++) endingAt.add(new ArrayList<>());
    for (int i = 0; i < n; i++) {
      for (int j = i; j < n && valid(g, map, hw, i, j); j++) {
        for (Partition p : candidates(g, map, hw, i, j)) endingAt.get(j).add(part(g, map, hw, batch, p));
      }
    }
    if (!prefetch) {
      double[] best = new double[n + 1];
      Part[] choice = new Part[n + 1];
      java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
      best[0] = 0;
      for (int j = 0; j < n; j++) {
        for (Part p : endingAt.get(j)) {
          double t = p.latency(hw);
          double v = best[p.first()] + obj.value(t, p.dynamicEnergy() + hw.pStatic() * t);
          if (v < best[j + 1]) {
            best[j + 1] = v;
            choice[j + 1] = p;
          }
        }
      }
      List<Partition> plan = new ArrayList<>();
      for (int at = n; at > 0; at = choice[at].first()) plan.add(0, new Partition(choice[at].first(), choice[at].last(), choice[at].replication()));
      return new PartitionPlan(plan);
    }
    // §9: g(c) = min over c' ending just before c of g(c') + C(c'|c) + W(c|c'); the value of c's
    // own compute phase is added when its successor is known (or at the end, alone)
    Map<Part, Double> best = new java.util.IdentityHashMap<>();
    Map<Part, Part> prev = new java.util.IdentityHashMap<>();
    for (int j = 0; j < n; j++) {
      for (Part c : endingAt.get(j)) {
        if (c.first() == 0) {
          best.put(c, value(hw, obj, c.tWrite(), c.dynamicEnergy()));
          continue;
        }
        double b = Double.POSITIVE_INFINITY;
        Part arg = null;
        for (Part cp : endingAt.get(c.first() - 1)) {
          Double gcp = best.get(cp);
          if (gcp == null) continue;
          double v = gcp + value(hw, obj, prefetchCompute(hw, cp, c) + prefetchWrite(hw, cp, c), c.dynamicEnergy());
          if (v < b) {
            b = v;
            arg = cp;
          }
        }
        if (arg != null) {
          best.put(c, b);
          prev.put(c, arg);
        }
      }
    }
    double b = Double.POSITIVE_INFINITY;
    Part last = null;
    for (Part c : endingAt.get(n - 1)) {
      Double gc = best.get(c);
      if (gc == null) continue;
      double v = gc + value(hw, obj, computeAlone(hw, c), 0);
      if (v < b) {
        b = v;
        last = c;
      }
    }
    List<Partition> plan = new ArrayList<>();
    for (Part c = last; c != null; c = prev.get(c)) plan.add(0, new Partition(c.first(), c.last(), c.replication()));
    return new PartitionPlan(plan);
  }

  /** An additive objective's value of {@code t} seconds with {@code dynamic} joules (static power over {@code t}). */
  private static double value(HardwareSpec hw, Objective obj, double t, double dynamic) {
    return obj.value(t, dynamic + hw.pStatic() * t);
  }
}
