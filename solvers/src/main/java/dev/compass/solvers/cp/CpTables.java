package dev.compass.solvers.cp;

import dev.compass.costmodel.CompactTables;
import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.ReplicationLadder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The coefficients of {@link CpModel}, assembled from costmodel's {@link CompactTables} (never from
 * {@code Mapping}), once per solve and shared by every copy of the model.
 *
 * <p><b>Targets.</b> {@code v_0 < ... < v_{M-1}}: the distinct level times {@code t_s(d_l)} of every
 * stage ({@link CompactTables#levelSeconds}, levels up to {@code floor(A / min_u a_u)}), merged within
 * {@link ReplicationLadder#TOLERANCE}. {@code D_s(k)}: the first (least) level of {@code s} whose time
 * meets {@code v_k} ({@link ReplicationLadder#meets}) — §4's {@code d_s(v_k)}, or -1 if no level does.
 *
 * <p><b>Range tables</b>, for each unit {@code u} and each valid start {@code i in [minFirst(u), u]}
 * (index {@code i - minFirst(u)}), with CompactTables' per-unit terms ({@code sep(a,b) = a < i or b > u}
 * for units {@code a < b} of range {@code i..u}):
 *
 * <pre>
 *   weightSeconds(u, i) = sum_{w=i..u} weightBytes(w) / bwDram
 *   ioBytes(u, i)       = B * sum_{w=i..u} [ trafficConstantBytes(w) + sum_{(a,b,c) in trafficTerms(w)} c * sep(a,b) ]
 *   loadSeconds(u, i)   = loadConstantSeconds(s) + sum_{(v,c) in loadTerms(s), v &lt; i} c
 *                         + sum_{w = max(i, first(s))..u} psumLoadSeconds(w)              (s = s(u): L_s/bwDram)
 * </pre>
 */
final class CpTables {
  final CompactTables ct;
  final CostModel cm;
  final double[] targets;
  /** {@code stageD[s][k]} = least replication of stage s meeting target k, or -1 if none fits. */
  final int[][] stageD;
  /** {@code stageT[s][k] = t_s(stageD[s][k])} (0 where {@code stageD} is -1). */
  final double[][] stageT;
  final double[][] weightSeconds;
  final double[][] ioBytes;
  final double[][] loadSeconds;

  private CpTables(CostModel cm) {
    this.cm = cm;
    this.ct = CompactTables.of(cm);
    int stages = ct.stages();
    int n = ct.units();
    List<Double> all = new ArrayList<>();
    for (int s = 0; s < stages; s++) for (double t : ct.levelSeconds(s)) all.add(t);
    double[] v = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int m = 0;
    for (int q = 0; q < v.length; q++) {
      if (m == 0 || !ReplicationLadder.meets(v[q], v[m - 1])) v[m++] = v[q];
    }
    targets = Arrays.copyOf(v, m);
    stageD = new int[stages][m];
    stageT = new double[stages][m];
    for (int s = 0; s < stages; s++) {
      long[] d = ct.levels(s);
      double[] t = ct.levelSeconds(s);
      for (int k = 0; k < m; k++) {
        int l = 0;
        while (l < t.length && !ReplicationLadder.meets(t[l], targets[k])) l++;
        stageD[s][k] = l < t.length ? (int) d[l] : -1;
        stageT[s][k] = l < t.length ? t[l] : 0;
      }
    }

    double bw = ct.bandwidth();
    List<List<CompactTables.SepTerm>> traffic = new ArrayList<>();
    for (int u = 0; u < n; u++) traffic.add(ct.trafficTerms(u));
    weightSeconds = new double[n][];
    ioBytes = new double[n][];
    loadSeconds = new double[n][];
    for (int u = 0; u < n; u++) {
      int lo = cm.minFirst(u);
      int len = u - lo + 1;
      double[] w = new double[len];
      double acc = 0;
      for (int i = u; i >= lo; i--) {
        acc += ct.weightBytes(i);
        w[i - lo] = acc / bw;
      }
      weightSeconds[u] = w;
      // sums of non-negative terms only (no differences), so that rounding never lifts a value above the cost model's
      int s = ct.unitStage(u);
      List<CompactTables.LoadTerm> loads = ct.loadTerms(s);
      double[] io = new double[len];
      double[] ld = new double[len];
      for (int i = lo; i <= u; i++) {
        double bytes = 0;
        for (int x = i; x <= u; x++) {
          bytes += ct.trafficConstantBytes(x);
          for (CompactTables.SepTerm t : traffic.get(x)) if (t.a() < i || t.b() > u) bytes += t.bytes();
        }
        io[i - lo] = ct.batch() * bytes;
        double load = ct.loadConstantSeconds(s);
        for (CompactTables.LoadTerm t : loads) if (t.unit() < i) load += t.seconds();
        for (int x = Math.max(i, ct.stageFirstUnit(s)); x <= u; x++) load += ct.psumLoadSeconds(x);
        ld[i - lo] = load;
      }
      ioBytes[u] = io;
      loadSeconds[u] = ld;
    }
  }

  static CpTables of(CostModel cm) {
    return new CpTables(cm);
  }
}
