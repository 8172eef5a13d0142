package dev.compass.pimsim.compile;

import dev.compass.formulation.InputException;
import dev.compass.formulation.graph.Stage;
import dev.compass.formulation.graph.StageEdge;
import dev.compass.formulation.graph.StageGraph;
import dev.compass.formulation.graph.TrafficTensor;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.mapping.Mapping;
import dev.compass.formulation.plan.Partition;
import dev.compass.formulation.plan.PartitionPlan;
import dev.compass.pimsim.program.ArrayCopy;
import dev.compass.pimsim.program.ArraySlot;
import dev.compass.pimsim.program.Load;
import dev.compass.pimsim.program.PartitionProgram;
import dev.compass.pimsim.program.Program;
import dev.compass.pimsim.program.Replica;
import dev.compass.pimsim.program.RowWrite;
import dev.compass.pimsim.program.StageTask;
import dev.compass.pimsim.program.TensorPart;
import dev.compass.pimsim.program.Transfer;
import dev.compass.pimsim.program.WeightRead;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles a partition plan into a {@link Program} (code generation).
 *
 * <p><b>Checks</b> (each an {@link InputException} naming the partition, the stage and the numbers):
 * the plan covers the units {@code 0..n-1}; every replication key names a stage of the network, and a
 * stage outside the partition is only listed with {@code d = 1}; {@code 1 <= d_s <= P_s}; capacity,
 * ARRAY {@code sum_s d_s*a_s <= A}, CORE {@code sum_s ceil(d_s*a_s/A_c) <= N_c}.
 *
 * <p><b>Placement.</b> ARRAY: the partition's stages in linear order, each replica's arrays (units in
 * order, row tiles in order) on the next free arrays of the chip, core after core. CORE: each stage
 * gets whole cores of its own, {@code ceil(d_s*a_s/A_c)}, its replicas packed in order into them.
 *
 * <p><b>Weight phase.</b> For each unit and each of its arrays in order: one DRAM read of that
 * array's weights (rows x output columns x weightBits; a packed array: its groups' weights), then
 * one row write of its rows into every replica's copy. So {@code bytesW} is read once and
 * {@code rowsW = sum_s d_s * rows(s)} rows are written (FORMULATION.md §4).
 *
 * <p><b>Traffic</b> (MODEL.md rules 9–12), per image: the partition's share of stage {@code s} is
 * the output columns of its last-chunk units of {@code s} over {@code g*W}. For each tensor read by a
 * stage of the partition and produced by another stage, the partition loads once the part earlier
 * partitions produced (network input: all of it); the load is issued by the first stage reading it
 * and waited for by all. A row chunk continuing a chunk of an earlier partition loads its partial
 * sums. Each stage stores its share of each tensor it produces if it is a network output or a stage
 * with a unit in a later partition reads it; a non-last row chunk stores its partial sums.
 */
public final class Compiler {
  private Compiler() {}

  /** Compiles {@code plan} for the network and chip of {@code mapping}. */
  public static Program compile(Mapping mapping, PartitionPlan plan) {
    return new Run(mapping, plan).program();
  }

  /** The partial-sum block stored by (non-last) row chunk {@code unit}. */
  public static String psumName(Mapping mapping, int unit) {
    return "psum:" + mapping.unitName(unit);
  }

  private static final class Run {
    final Mapping m;
    final StageGraph g;
    final HardwareSpec hw;
    final PartitionPlan plan;
    final int np;
    final int[] partOf;
    final int[] firstPart;
    final int[] lastPart;
    /** out[p][s]: output columns of p's last-chunk units of stage s. */
    final long[][] out;
    final List<List<TrafficTensor>> readsOf = new ArrayList<>();
    final List<List<TrafficTensor>> producedBy = new ArrayList<>();
    /** With prefetch: the array slots (ARRAY) or cores (CORE) the previous partition computes on. */
    java.util.Set<ArraySlot> prevSlots = java.util.Set.of();
    java.util.Set<Integer> prevCores = java.util.Set.of();

    Run(Mapping m, PartitionPlan plan) {
      this.m = m;
      this.g = m.graph();
      this.hw = m.hardware();
      this.plan = plan;
      this.np = plan.size();
      int n = m.units();
      if (plan.units() != n) {
        throw new InputException("plan.partitions[" + (np - 1) + "].lastUnit", "is " + (plan.units() - 1) + " but "
            + g.network().name() + " mapped on " + hw.name() + " has " + n + " units (0.." + (n - 1)
            + "); the partitions must cover every unit, so the last one must end at unit " + (n - 1));
      }
      int ns = g.size();
      partOf = new int[n];
      firstPart = new int[ns];
      lastPart = new int[ns];
      java.util.Arrays.fill(firstPart, -1);
      out = new long[np][ns];
      for (int p = 0; p < np; p++) {
        Partition part = plan.partitions().get(p);
        for (int u = part.firstUnit(); u <= part.lastUnit(); u++) {
          partOf[u] = p;
          int s = m.unitStage(u);
          if (firstPart[s] < 0) firstPart[s] = p;
          lastPart[s] = p;
          if (m.unitLastChunk(u)) out[p][s] += m.unitOutputs(u);
        }
      }
      for (int s = 0; s < ns; s++) {
        readsOf.add(new ArrayList<>());
        producedBy.add(new ArrayList<>());
      }
      for (TrafficTensor t : g.tensors()) {
        for (int c : t.consumers()) readsOf.get(c).add(t);
        if (t.producer() >= 0) producedBy.get(t.producer()).add(t);
      }
    }

    double tensorBytes(TrafficTensor t) {
      return t.elements() * (double) hw.activationBits() / 8.0;
    }

    /** Bytes per image of {@code outputs} output columns' worth of tensor {@code t} of stage {@code s}. */
    double shareBytes(TrafficTensor t, int s, long outputs) {
      Stage st = g.stage(s);
      double gw = (double) st.groups() * st.w();
      return outputs * (double) t.elements() * hw.activationBits() / (8.0 * gw);
    }

    Program program() {
      Map<String, Integer> stageIndex = new HashMap<>();
      for (Stage s : g.stages()) stageIndex.put(s.name(), s.index());
      long[] outBefore = new long[g.size()];
      List<PartitionProgram> parts = new ArrayList<>();
      for (int p = 0; p < np; p++) {
        parts.add(partition(p, stageIndex, outBefore));
        for (int s = 0; s < g.size(); s++) outBefore[s] += out[p][s];
      }
      List<TensorPart> inputs = new ArrayList<>();
      for (TrafficTensor t : g.tensors()) if (t.networkInput()) inputs.add(new TensorPart(t.name(), tensorBytes(t)));
      return new Program(g.network().name(), hw, m.units(), inputs, parts);
    }

    PartitionProgram partition(int p, Map<String, Integer> stageIndex, long[] outBefore) {
      Partition part = plan.partitions().get(p);
      String where = "plan.partitions[" + p + "]";
      // stages of the partition, with their units
      List<Integer> stages = new ArrayList<>();
      Map<Integer, List<Integer>> unitsOf = new HashMap<>();
      for (int u = part.firstUnit(); u <= part.lastUnit(); u++) {
        int s = m.unitStage(u);
        if (!unitsOf.containsKey(s)) {
          stages.add(s);
          unitsOf.put(s, new ArrayList<>());
        }
        unitsOf.get(s).add(u);
      }
      for (Map.Entry<String, Integer> e : part.replication().entrySet()) {
        Integer s = stageIndex.get(e.getKey());
        if (s == null) {
          throw new InputException(where + ".replication." + e.getKey(), "no stage named '" + e.getKey() + "' in "
              + g.network().name() + "; replication keys are weighted-layer names such as '" + g.stage(0).name() + "'");
        }
        if (!unitsOf.containsKey(s) && e.getValue() != 1) {
          throw new InputException(where + ".replication." + e.getKey(), "stage '" + e.getKey()
              + "' has no unit in partition " + p + " (units " + part.firstUnit() + ".." + part.lastUnit()
              + "), so it cannot be replicated there (d = " + e.getValue() + "); remove it or move the cut");
        }
      }
      int[] d = new int[stages.size()];
      long[] a = new long[stages.size()];
      long arraysUsed = 0;
      long coresUsed = 0;
      for (int k = 0; k < stages.size(); k++) {
        Stage st = g.stage(stages.get(k));
        d[k] = part.replicationOf(st.name());
        if (d[k] > st.mvmsPerImage()) {
          throw new InputException(where + ".replication." + st.name(), "d = " + d[k] + " exceeds the stage's "
              + st.mvmsPerImage() + " MVMs per image (P); a replica needs at least one MVM, so valid: 1.." + st.mvmsPerImage());
        }
        for (int u : unitsOf.get(stages.get(k))) a[k] += m.unitArrays(u);
        arraysUsed += d[k] * a[k];
        coresUsed += ceilDiv(d[k] * a[k], hw.arraysPerCore());
      }
      if (hw.allocation() == Allocation.ARRAY && arraysUsed > hw.arrays()) {
        throw new InputException(where, "does not fit " + hw.name() + " (ARRAY): its replicas need sum d_s*a_s = "
            + arraysUsed + " arrays but the chip has A = " + hw.arrays() + " (" + largest(stages, d, a)
            + "); lower the replication or cut the partition earlier");
      }
      if (hw.allocation() == Allocation.CORE && coresUsed > hw.cores()) {
        throw new InputException(where, "does not fit " + hw.name() + " (CORE): its stages need sum ceil(d_s*a_s/A_c) = "
            + coresUsed + " cores but the chip has N_c = " + hw.cores() + " (" + largest(stages, d, a)
            + "); lower the replication or cut the partition earlier");
      }
      // placement
      List<List<List<ArrayCopy>>> copies = hw.prefetch() ? prefetchPlacement(stages, unitsOf, d, a) : new ArrayList<>(); // [stage k][replica r] -> copies
      int nextArray = 0;
      int nextCore = 0;
      int ac = hw.arraysPerCore();
      for (int k = 0; k < stages.size() && !hw.prefetch(); k++) {
        List<List<ArrayCopy>> reps = new ArrayList<>();
        int j = 0;
        for (int r = 0; r < d[k]; r++) {
          List<ArrayCopy> cs = new ArrayList<>();
          for (int u : unitsOf.get(stages.get(k))) {
            for (int x = 0; x < m.unitArrays(u); x++) {
              ArraySlot slot = hw.allocation() == Allocation.ARRAY
                  ? new ArraySlot(nextArray / ac, nextArray++ % ac)
                  : new ArraySlot(nextCore + j / ac, j++ % ac);
              cs.add(new ArrayCopy(u, x, arrayRows(u, x), slot));
            }
          }
          reps.add(cs);
        }
        nextCore += ceilDiv(j, ac);
        copies.add(reps);
      }
      // weight phase: each array's weights read once, written into every replica; with prefetch,
      // the reads whose every copy lies where the previous partition does not compute go early
      List<WeightRead> reads = new ArrayList<>();
      List<WeightRead> early = new ArrayList<>();
      for (int k = 0; k < stages.size(); k++) {
        String name = g.stage(stages.get(k)).name();
        int idx = 0;
        for (int u : unitsOf.get(stages.get(k))) {
          for (int x = 0; x < m.unitArrays(u); x++, idx++) {
            List<RowWrite> ws = new ArrayList<>();
            for (int r = 0; r < d[k]; r++) {
              ArrayCopy c = copies.get(k).get(r).get(idx);
              ws.add(new RowWrite(name, r, c.slot(), c.rows()));
            }
            boolean free = hw.prefetch() && p > 0;
            for (RowWrite w : ws) free &= hw.allocation() == Allocation.ARRAY ? !prevSlots.contains(w.slot()) : !prevCores.contains(w.slot().core());
            (free ? early : reads).add(new WeightRead(u, x, arrayBits(u, x), ws));
          }
        }
      }
      reads = johnsonOrder(reads, hw);
      early = johnsonOrder(early, hw);
      if (hw.prefetch()) {
        java.util.Set<ArraySlot> used = new java.util.HashSet<>();
        java.util.Set<Integer> cores = new java.util.HashSet<>();
        for (List<List<ArrayCopy>> reps : copies) for (List<ArrayCopy> cs : reps) for (ArrayCopy c : cs) {
          used.add(c.slot());
          cores.add(c.slot().core());
        }
        prevSlots = used;
        prevCores = cores;
      }
      // loads
      List<Load> loads = new ArrayList<>();
      Map<Integer, List<Integer>> needs = new HashMap<>();
      Map<Integer, List<TensorPart>> extraReads = new HashMap<>();
      for (int s : stages) {
        needs.put(s, new ArrayList<>());
        extraReads.put(s, new ArrayList<>());
      }
      for (TrafficTensor t : g.tensors()) {
        List<Integer> readers = new ArrayList<>();
        for (int c : t.consumers()) if (unitsOf.containsKey(c)) readers.add(c);
        if (readers.isEmpty()) continue;
        Transfer tr;
        if (t.networkInput()) {
          tr = new Transfer(t.name(), Transfer.Kind.NETWORK_INPUT, tensorBytes(t));
        } else if (outBefore[t.producer()] > 0) {
          tr = new Transfer(t.name(), Transfer.Kind.ACTIVATION, shareBytes(t, t.producer(), outBefore[t.producer()]));
        } else {
          continue;
        }
        int id = loads.size();
        loads.add(new Load(id, g.stage(readers.get(0)).name(), tr));
        for (int c : readers) needs.get(c).add(id);
      }
      for (int u = part.firstUnit(); u <= part.lastUnit(); u++) {
        if (m.unitChunk(u) > 0 && partOf[u - 1] != p) {
          int s = m.unitStage(u);
          Transfer tr = new Transfer(psumName(m, u - 1), Transfer.Kind.PARTIAL_SUM, m.unitPsumBits(u - 1) / 8.0);
          int id = loads.size();
          loads.add(new Load(id, g.stage(s).name(), tr));
          needs.get(s).add(id);
          extraReads.get(s).add(new TensorPart(tr.tensor(), tr.bytesPerImage()));
        }
      }
      // stage tasks
      List<StageTask> tasks = new ArrayList<>();
      for (int k = 0; k < stages.size(); k++) {
        int s = stages.get(k);
        Stage st = g.stage(s);
        List<Integer> units = unitsOf.get(s);
        long rows = 0;
        for (int u : units) rows += m.unitRowsWritten(u);
        List<Replica> reps = new ArrayList<>();
        long pp = st.mvmsPerImage();
        for (int r = 0; r < d[k]; r++) {
          reps.add(new Replica(r, pp / d[k] + (r < pp % d[k] ? 1 : 0), copies.get(k).get(r)));
        }
        List<String> after = new ArrayList<>();
        for (StageEdge e : g.edges()) {
          if (e.to() == s && unitsOf.containsKey(e.from())) after.add(g.stage(e.from()).name());
        }
        List<TensorPart> readParts = new ArrayList<>();
        for (TrafficTensor t : readsOf.get(s)) readParts.add(new TensorPart(t.name(), tensorBytes(t)));
        readParts.addAll(extraReads.get(s));
        List<TensorPart> produces = new ArrayList<>();
        List<Transfer> stores = new ArrayList<>();
        for (TrafficTensor t : producedBy.get(s)) {
          if (out[p][s] == 0) break;
          double bytes = shareBytes(t, s, out[p][s]);
          produces.add(new TensorPart(t.name(), bytes));
          boolean later = t.output();
          for (int c : t.consumers()) later |= lastPart[c] > p;
          if (later) stores.add(new Transfer(t.name(), Transfer.Kind.ACTIVATION, bytes));
        }
        for (int u : units) {
          if (m.unitLastChunk(u)) continue;
          Transfer tr = new Transfer(psumName(m, u), Transfer.Kind.PARTIAL_SUM, m.unitPsumBits(u) / 8.0);
          produces.add(new TensorPart(tr.tensor(), tr.bytesPerImage()));
          if (partOf[u + 1] != p) stores.add(tr);
        }
        tasks.add(new StageTask(s, st.name(), pp, a[k], rows, units, reps, st.attentionMacs(), firstPart[s] == p,
            after, needs.get(s), readParts, produces, stores));
      }
      return new PartitionProgram(p, part.firstUnit(), part.lastUnit(), reads, loads, tasks, early);
    }

    /**
     * Placement with prefetch (FORMULATION.md §9). The slots the previous partition does not compute
     * on come first (ARRAY: its unused arrays, then its arrays; CORE: its unused cores, then its
     * cores, each stage taking whole cores in that order), and the copies are laid out read by read
     * (all replicas of one array of a unit together, units and stages in order), so the first
     * {@code cap - u_prev} slots hold whole reads that can be written while the previous partition
     * computes: the early fraction {@code phi = min(1, (cap - u_prev)/u)} of §9, up to the one read
     * that straddles the boundary.
     */
    List<List<List<ArrayCopy>>> prefetchPlacement(List<Integer> stages, Map<Integer, List<Integer>> unitsOf, int[] d, long[] a) {
      int ac = hw.arraysPerCore();
      List<ArraySlot> order = new ArrayList<>();
      List<Integer> coreOrder = new ArrayList<>();
      for (int c = 0; c < hw.cores(); c++) if (!prevCores.contains(c)) coreOrder.add(c);
      for (int c = 0; c < hw.cores(); c++) if (prevCores.contains(c)) coreOrder.add(c);
      for (int c = 0; c < hw.cores(); c++) for (int x = 0; x < ac; x++) if (!prevSlots.contains(new ArraySlot(c, x))) order.add(new ArraySlot(c, x));
      for (int c = 0; c < hw.cores(); c++) for (int x = 0; x < ac; x++) if (prevSlots.contains(new ArraySlot(c, x))) order.add(new ArraySlot(c, x));
      List<List<List<ArrayCopy>>> copies = new ArrayList<>();
      int next = 0;
      int nextCore = 0;
      for (int k = 0; k < stages.size(); k++) {
        List<List<ArrayCopy>> reps = new ArrayList<>();
        for (int r = 0; r < d[k]; r++) reps.add(new ArrayList<>());
        int j = 0;
        for (int u : unitsOf.get(stages.get(k))) {
          for (int x = 0; x < m.unitArrays(u); x++) {
            for (int r = 0; r < d[k]; r++) {
              ArraySlot slot = hw.allocation() == Allocation.ARRAY ? order.get(next++)
                  : new ArraySlot(coreOrder.get(nextCore + j / ac), j++ % ac);
              reps.get(r).add(new ArrayCopy(u, x, arrayRows(u, x), slot));
            }
          }
        }
        if (hw.allocation() == Allocation.CORE) nextCore += (int) ceilDiv((long) d[k] * a[k], ac);
        copies.add(reps);
      }
      return copies;
    }

    /** Rows of array {@code x} of unit {@code u}: all full but the last (MODEL.md rule 7). */
    long arrayRows(int u, int x) {
      int arrays = m.unitArrays(u);
      return x < arrays - 1 ? hw.rows() : m.unitRowsWritten(u) - (long) (arrays - 1) * hw.rows();
    }

    /** Weight bits of array {@code x} of unit {@code u}; they add up to the unit's weight bits. */
    long arrayBits(int u, int x) {
      if (m.unitArrays(u) == 1) return m.unitWeightBits(u);
      return Math.multiplyExact(arrayRows(u, x) * m.unitOutputs(u), (long) hw.weightBits());
    }

    String largest(List<Integer> stages, int[] d, long[] a) {
      int best = 0;
      for (int k = 1; k < stages.size(); k++) if (d[k] * a[k] > d[best] * a[best]) best = k;
      return "largest: " + g.stage(stages.get(best)).name() + " with d = " + d[best] + " x a = " + a[best] + " arrays";
    }
  }

  static long ceilDiv(long x, long y) {
    return (x + y - 1) / y;
  }

  /**
   * The order of the weight reads: Johnson's rule for a two-machine flow shop (S. M. Johnson, 1954),
   * the DRAM channel first ({@code a = bytes / bwDram}) and the write ports second ({@code b = rows
   * written * tRow / writePorts}, the pool's share of the read's copies). Reads whose copies take the
   * ports longer than the read takes the channel ({@code a <= b}, arrays of much-replicated stages) go
   * first, shortest read first, so the ports start early; then the others, longest port work first, so
   * the ports are not left with a backlog after the channel is done. This minimizes the makespan of
   * the two machines in series; read in stage order instead, a partition whose first stages are
   * replicated little and last ones much keeps the ports idle while the channel is busy and then the
   * channel idle while the ports catch up, and its weight phase exceeds {@code max(bytesW/bwDram,
   * rowsW*tRow/writePorts)} by up to the smaller of the two. The order is stable: reads of equal
   * {@code a} and {@code b} (the arrays of one stage, mostly) stay in program order.
   */
  static List<WeightRead> johnsonOrder(List<WeightRead> reads, HardwareSpec hw) {
    int n = reads.size();
    double[] a = new double[n];
    double[] b = new double[n];
    List<Integer> first = new ArrayList<>();
    List<Integer> second = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      WeightRead r = reads.get(i);
      long rows = 0;
      for (RowWrite w : r.writes()) rows += w.rows();
      a[i] = r.bytes() / hw.bwDram();
      b[i] = rows * hw.tRow() / hw.writePorts();
      (a[i] <= b[i] ? first : second).add(i);
    }
    first.sort((x, y) -> Double.compare(a[x], a[y]));
    second.sort((x, y) -> Double.compare(b[y], b[x]));
    List<WeightRead> out = new ArrayList<>(n);
    for (int i : first) out.add(reads.get(i));
    for (int i : second) out.add(reads.get(i));
    return out;
  }
}
