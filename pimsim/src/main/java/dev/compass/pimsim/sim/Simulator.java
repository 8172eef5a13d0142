package dev.compass.pimsim.sim;

import dev.compass.formulation.InputException;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.hardware.HardwareSpec;
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
import dev.compass.pimsim.trace.Trace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * Event-driven simulation of a {@link Program} over a batch of {@code B} images.
 *
 * <p><b>Resources.</b> The DRAM channel serves requests (chunks) one at a time ({@code bytes /
 * bwDram} each), by priority: loads (every image's, queued when the compute phase starts; earlier
 * images, then earlier stages, first) before stores, and the next partition's prefetched weights
 * (FORMULATION.md §9) last, or just in time for the write ports when their rows take the ports
 * longer than their bytes take the channel. {@code writePorts} write ports each write one row at a time
 * ({@code tRow}), taking rows in the order their bytes arrive from DRAM; by default they are one
 * chip-wide pool and rows of one array may be written by different ports at once (FORMULATION.md §1:
 * the chip writes {@code writePorts} rows at the same time); with {@link SimOptions#portsPerCore()}
 * each core's arrays go through its own ports. The arrays of a replica are
 * busy while it computes. The chip's vector unit serves attention work in request order
 * ({@code macs / vecMacRate}).
 *
 * <p><b>Phases.</b> Partitions run one after another. A partition first replaces its weights: the
 * DRAM reads its weight blocks in program order; as each row of a block arrives, its copies queue
 * for the write ports (exact per row, see {@code weightPhase}). When every write is done the compute phase starts: image 0's loads are issued, and each
 * stage runs its images in order, one at a time, as a dataflow node (MVMs of all replicas in
 * parallel, then vector work, then stores; see {@link StageTask}). The partition ends when its last
 * stage has finished its last image and its last store is done.
 *
 * <p><b>Granularity</b> ({@link SimOptions#segments()} = {@code K}). A stage computes an image in
 * {@code K_s = min(K, ceil(P/d))} equal segments: segment {@code j} starts when segment {@code j-1}
 * is done and the first {@code (j+1)/K_s} of each of its loads has arrived (loads move in {@code K}
 * equal chunks), and when it ends the stage stores {@code 1/K_s} of each of its stores. So DRAM
 * traffic streams under the computation of the same image, as the model's
 * {@code max(T_compute, bytesIO/bwDram)} assumes, up to one chunk at each end. Stages hand an image
 * to each other whole (segment 0 of image {@code i} waits for every in-partition producer to finish
 * image {@code i}): that is the model's fill. Events: one per (image, stage, segment), one per
 * (image, stage, segment) for vector work, one per DRAM chunk; port queues are resolved as rows
 * arrive (the ring recurrence). All
 * replicas of a stage start a segment together and it ends when the slowest replica's share
 * ({@code ceil(P/d)/K_s} MVMs) is done, so replicas need no events of their own.
 *
 * <p><b>Checks as it runs</b> (an {@link InputException} naming partition, stage, rule and numbers):
 * partitions cover the units in order; each array slot exists on the chip and holds at most one
 * replica's array (capacity per core), CORE: one stage per core; {@code 1 <= d_s <= P_s} and the
 * replicas' MVMs add up to {@code P_s}; each replica holds every array of its stage's units that the
 * weight phase reads; every array a replica computes on was written in this
 * partition's weight phase with that replica's weights; every tensor a stage reads is present in full
 * (loaded or produced in the partition) for the image when the stage starts; every load finds its
 * bytes in DRAM (stored by earlier partitions, or a network input); a stage stores only what it
 * produces.
 *
 * <p><b>Accounting.</b> Every executed action adds its per-action energy: array steps x {@code eStep},
 * weight bytes x {@code eDram}, rows x {@code eRow}, activation bytes x {@code eDram}, attention MACs
 * x {@code eVecMac} (where the program charges them); static energy is {@code pStatic} x the
 * simulated latency of each partition.
 */
public final class Simulator {
  private static final double REL = 1e-9;

  private final Program program;
  private final HardwareSpec hw;
  private final int batch;
  private final int segments;
  private final boolean portsPerCore;
  private final boolean vectorUnitPerStage;
  private final Trace trace;
  private final Map<String, Double> dram = new HashMap<>();
  private long events;

  private Simulator(Program program, int batch, SimOptions options, Trace trace) {
    this.program = program;
    this.hw = program.hardware();
    this.batch = batch;
    this.segments = options.segments();
    this.portsPerCore = options.portsPerCore();
    this.vectorUnitPerStage = options.vectorUnitPerStage();
    this.trace = trace;
  }

  /** Simulates {@code program} over {@code batch} images with the default options. */
  public static SimResult run(Program program, int batch) {
    return run(program, batch, SimOptions.DEFAULT);
  }

  /** Simulates {@code program} over {@code batch} images. */
  public static SimResult run(Program program, int batch, SimOptions options) {
    return new Simulator(program, checkBatch(batch), options, null).run();
  }

  /** Simulates {@code program} over {@code batch} images, recording every slice into {@code trace}. */
  public static SimResult run(Program program, int batch, SimOptions options, Trace trace) {
    if (trace == null) throw new IllegalArgumentException("trace is null; use run(program, batch, options) for no trace");
    return new Simulator(program, checkBatch(batch), options, trace).run();
  }

  private static int checkBatch(int batch) {
    if (batch < 1) throw new InputException("--batch", "must be >= 1 image, got " + batch);
    return batch;
  }

  private SimResult run() {
    if (trace != null) {
      for (int c = 0; c < hw.cores(); c++) trace.track(Trace.core(c), c);
      trace.track(Trace.DRAM, hw.cores());
      trace.track(Trace.VECTOR, hw.cores() + 1);
    }
    for (TensorPart in : program.networkInputs()) dram.merge(in.tensor(), in.bytesPerImage(), Double::sum);
    List<PartitionResult> results = new ArrayList<>();
    double t = 0;
    int expectedFirst = 0;
    List<PartitionProgram> ps = program.partitions();
    for (int k = 0; k < ps.size(); k++) {
      PartitionProgram p = ps.get(k);
      if (p.firstUnit() != expectedFirst || p.lastUnit() < p.firstUnit()) {
        throw new InputException("partition " + p.index(), "covers units " + p.firstUnit() + ".." + p.lastUnit()
            + " but must start at unit " + expectedFirst + " (units are covered once, in order)");
      }
      expectedFirst = p.lastUnit() + 1;
      if (k == 0 && !p.earlyReads().isEmpty()) {
        throw new InputException("partition 0", "has " + p.earlyReads().size() + " prefetched weight reads but no partition"
            + " runs before it; only a partition after another may have weights written early (FORMULATION.md §9)");
      }
      if (!p.earlyReads().isEmpty() && !hw.prefetch()) {
        throw new InputException("partition " + p.index(), "has prefetched weight reads but " + hw.name()
            + " has prefetch = false; weights are written early only on a chip with prefetch (FORMULATION.md §9)");
      }
      PartitionResult r = new PartitionRun(p, k + 1 < ps.size() ? ps.get(k + 1) : null, t).run();
      results.add(r);
      t += r.latencySeconds();
    }
    if (expectedFirst != program.units()) {
      throw new InputException("partitions", "cover units 0.." + (expectedFirst - 1) + " but the network has "
          + program.units() + " units; every unit must be in a partition");
    }
    EnergyBreakdown e = EnergyBreakdown.ZERO;
    double busy = 0;
    double wb = 0;
    double io = 0;
    for (PartitionResult r : results) {
      e = e.plus(r.energy());
      busy += r.arrayBusySeconds();
      wb += r.weightBytes();
      io += r.ioBytes();
    }
    return new SimResult(program.network(), hw.name(), batch, t, e, hw.arrays(), busy, wb, io,
        (wb + io) / hw.bwDram(), events, results);
  }

  /** What a written array holds. */
  private record Content(String stage, int replica, int unit, int arrayOfUnit, long rows) {}

  /** Every array's content, as the weight phases (and prefetches) wrote it. */
  private final Map<ArraySlot, Content> arrays = new HashMap<>();
  /** Counts and energy of the next partition's prefetched weights, charged to that partition. */
  private double carryBytes;
  private long carryRows;

  /**
   * The write ports: {@code writePorts} ports, one pool (or one per core), each port one row at a
   * time; rows taken in arrival order, so the {@code n}-th row of a pool of {@code P} ports starts at
   * {@code S_n = max(arrival_n, S_(n-P) + tRow)}: a ring of the last {@code P} starts per pool.
   */
  private final class Ports {
    final double[][] ring;
    final int[] pos;
    final int pools;

    Ports(double t0) {
      int cores = hw.cores();
      int wp = hw.writePorts();
      pools = !portsPerCore ? 1 : Math.min(cores, wp);
      ring = new double[pools][];
      pos = new int[pools];
      for (int g = 0; g < pools; g++) {
        int size = !portsPerCore ? wp : wp >= cores ? (wp - g + cores - 1) / cores : 1;
        ring[g] = new double[size];
        java.util.Arrays.fill(ring[g], t0 - hw.tRow());
      }
    }

    int poolOf(ArraySlot slot) {
      return !portsPerCore ? 0 : slot.core() % pools;
    }

    /** The earliest moment some port is free for a new row. */
    double firstFree() {
      double t = Double.POSITIVE_INFINITY;
      for (double[] q : ring) for (double x : q) t = Math.min(t, x + hw.tRow());
      return t;
    }

    /** The start of a row of pool {@code g} whose bytes arrive at {@code arrival}. */
    double write(int g, double arrival) {
      double[] q = ring[g];
      int at = pos[g];
      double st = Math.max(arrival, q[at] + hw.tRow());
      q[at] = st;
      pos[g] = at + 1 == q.length ? 0 : at + 1;
      return st;
    }
  }

  private static final int SEGMENT_DONE = 0;
  private static final int STAGE_DONE = 1;
  private static final int DRAM_DONE = 2;
  private static final int VECTOR_SEGMENT_DONE = 3;

  private record Event(double time, long seq, int type, int index, int image) {}

  /**
   * One chunk of DRAM traffic of the compute phase. The channel serves the pending chunk that comes
   * first by ({@code cls}, {@code image}, {@code order}, {@code chunk}, {@code seq}): loads ({@code
   * cls} 0) before stores (1); loads of earlier images first, and of one image the issuing stage
   * earlier in the partition's order first, chunk by chunk interleaved across that stage's loads.
   */
  private record Job(int cls, int image, int order, int chunk, long seq, double bytes, int load, String label) {
    /** A chunk of a prefetched weight read (class 2): rows {@code [rowFrom, rowTo)} of read {@code order}. */
    static Job early(int read, int chunk, long seq, double bytes, String label) {
      return new Job(2, 0, read, chunk, seq, bytes, -1, label);
    }
  }

  private static final java.util.Comparator<Job> JOB_ORDER = java.util.Comparator.comparingInt(Job::cls)
      .thenComparingInt(Job::image).thenComparingInt(Job::order).thenComparingInt(Job::chunk).thenComparingLong(Job::seq);

  private final class PartitionRun {
    final PartitionProgram p;
    final double t0;
    final String where;
    final List<StageTask> tasks;
    final int n;
    // energy and counts
    double eCompute;
    double eWeight;
    double eRows;
    double eAct;
    double eVec;
    double weightBytes;
    double ioBytes;
    long rows;
    long steps;
    long vecMacs;
    double busy;
    // simulation state
    double dramFree;
    final PriorityQueue<Job> dramQueue = new PriorityQueue<>(JOB_ORDER);
    /** Prefetched reads whose rows take the ports longer than their bytes take the channel, in order. */
    final java.util.ArrayDeque<Job> portBound = new java.util.ArrayDeque<>();
    Job inService;
    String spanLabel;
    double spanStart;
    double spanEnd;
    double spanBytes;
    long jobSeq;
    double vecFree;
    double lastEnd;
    long seq;
    final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) ->
        a.time() != b.time() ? Double.compare(a.time(), b.time()) : Long.compare(a.seq(), b.seq()));
    int[] done;
    int[] segment;
    int[] vectorSegment;
    int[] segmentsOf;
    double[] imageStart;
    boolean[] running;
    int[] loadIssued;
    int[] loadArrived;
    int[][] after;
    int[][] needs;
    int[][] successors;
    int[][] waiters; // per load: the stages needing it
    int[][] issues; // per stage: the loads it issues
    double[] mvmSeconds;
    /** Per stage, per read: the loads and the producing stages (with bytes) in this partition. */
    int[][][] readLoads;
    int[][][] readProducers;
    double[][][] readProducerBytes;
    final PartitionProgram next;
    /** With prefetch: the next partition's early writes, their ports and when the last ends. */
    Ports earlyPorts;
    double earlyEnd;
    long[] earlyRowsDone;

    PartitionRun(PartitionProgram p, PartitionProgram next, double t0) {
      this.p = p;
      this.next = next;
      this.t0 = t0;
      this.where = "partition " + p.index();
      this.tasks = p.stages();
      this.n = tasks.size();
    }

    PartitionResult run() {
      checkStatic();
      // the prefetched part of this partition's weights was read and written during the previous
      // partition's compute phase; its counts and energy are this partition's
      weightBytes += carryBytes;
      eWeight += carryBytes * hw.eDram();
      rows += carryRows;
      eRows += carryRows * hw.eRow();
      carryBytes = 0;
      carryRows = 0;
      double tw = weightPhase();
      double end = computePhase(tw);
      double latency = end - t0;
      EnergyBreakdown e = new EnergyBreakdown(eCompute, eWeight, eRows, eAct, eVec, hw.pStatic() * latency);
      return new PartitionResult(p.index(), p.firstUnit(), p.lastUnit(), latency, tw - t0, end - tw, weightBytes,
          ioBytes, rows, steps, vecMacs, busy, e);
    }

    // ------------------------------------------------------------ static checks of the program

    void checkStatic() {
      // the arrays of each unit, as the weight phase reads them: every replica must hold all of them
      Map<Integer, Set<Integer>> unitArrays = new HashMap<>();
      for (WeightRead r : p.allReads()) {
        if (r.unit() < p.firstUnit() || r.unit() > p.lastUnit()) {
          throw new InputException(where, "reads weights of unit " + r.unit() + ", outside its units "
              + p.firstUnit() + ".." + p.lastUnit());
        }
        unitArrays.computeIfAbsent(r.unit(), x -> new HashSet<>()).add(r.arrayOfUnit());
      }
      Map<ArraySlot, String> owner = new HashMap<>();
      Map<Integer, String> coreStage = new HashMap<>();
      int unit = p.firstUnit();
      for (StageTask s : tasks) {
        String at = where + ", stage " + s.name();
        for (int u : s.units()) {
          if (u != unit) {
            throw new InputException(at, "holds unit " + u + " where unit " + unit
                + " comes next; a partition's stages hold its units " + p.firstUnit() + ".." + p.lastUnit() + " in order");
          }
          unit++;
        }
        int d = s.replication();
        if (d < 1 || d > s.mvmsPerImage()) {
          throw new InputException(at, "has d = " + d + " replicas; valid: 1 <= d <= P = " + s.mvmsPerImage());
        }
        long sum = 0;
        int wanted = 0;
        for (int u : s.units()) wanted += unitArrays.getOrDefault(u, Set.of()).size();
        for (Replica r : s.replicas()) {
          sum += r.mvmsPerImage();
          Set<Long> held = new HashSet<>();
          for (ArrayCopy c : r.arrays()) {
            if (unitArrays.getOrDefault(c.unit(), Set.of()).contains(c.arrayOfUnit()) && s.units().contains(c.unit())) {
              held.add(((long) c.unit() << 32) | c.arrayOfUnit());
            }
          }
          if (held.size() != wanted || r.arrays().size() != wanted) {
            throw new InputException(at + ", replica " + r.replica(), "holds " + r.arrays().size()
                + " arrays, but the weight phase reads " + wanted + " arrays of the stage's units " + s.units()
                + "; each replica holds every array of the partition's units of its stage, once");
          }
          if (r.arrays().size() != s.arraysPerReplica()) {
            throw new InputException(at + ", replica " + r.replica(), "has " + r.arrays().size()
                + " arrays but the stage's units in this partition need a_s = " + s.arraysPerReplica());
          }
          for (ArrayCopy c : r.arrays()) {
            ArraySlot slot = c.slot();
            if (slot.core() >= hw.cores() || slot.array() >= hw.arraysPerCore()) {
              throw new InputException(at + ", replica " + r.replica(), "uses " + slot + " but " + hw.name() + " has "
                  + hw.cores() + " cores of " + hw.arraysPerCore() + " arrays (capacity per core)");
            }
            String prev = owner.put(slot, s.name() + " replica " + r.replica());
            if (prev != null) {
              throw new InputException(at + ", replica " + r.replica(), "uses " + slot + ", already holding " + prev
                  + "; an array holds one replica's weights (capacity per core: " + hw.arraysPerCore() + " arrays)");
            }
            if (hw.allocation() == Allocation.CORE) {
              String other = coreStage.putIfAbsent(slot.core(), s.name());
              if (other != null && !other.equals(s.name())) {
                throw new InputException(at + ", replica " + r.replica(), "uses core " + slot.core()
                    + ", which holds stage " + other + "; under CORE allocation a core holds arrays of one stage only");
              }
            }
          }
        }
        if (sum != s.mvmsPerImage()) {
          throw new InputException(at, "its replicas compute " + sum + " MVMs per image but the stage has P = "
              + s.mvmsPerImage() + "; replica r of d computes ceil or floor of P/d");
        }
        for (Transfer st : s.stores()) {
          double produced = 0;
          for (TensorPart pr : s.produces()) if (pr.tensor().equals(st.tensor())) produced += pr.bytesPerImage();
          if (st.bytesPerImage() > produced * (1 + REL) + 1e-12) {
            throw new InputException(at, "stores " + st.bytesPerImage() + " bytes/image of '" + st.tensor()
                + "' but produces only " + produced + " in this partition; a stage stores only what it produces");
          }
        }
      }
      if (unit != p.lastUnit() + 1) {
        throw new InputException(where, "its stages hold units " + p.firstUnit() + ".." + (unit - 1)
            + " but the partition covers " + p.firstUnit() + ".." + p.lastUnit());
      }
    }

    // ------------------------------------------------------------ weight phase

    /**
     * The weight phase, row by row. The DRAM reads the weight blocks back to back in program order;
     * the bytes of a block stream in, so row {@code j} of a block of {@code R} rows has arrived
     * {@code (j+1)/R} of the way through its read, and only then can its copies (one per replica) be
     * written. Each row write is one job of {@code tRow} for a port; the ports of a pool take the
     * rows in arrival order, each the next row when it is free (rows of one array may go to
     * different ports at once: only the number of rows in flight is bounded). With equal jobs in
     * arrival order, the earliest free port of a pool of {@code P} is always the one that took the
     * row {@code P} places earlier, so the start of the {@code n}-th row of a pool is exactly
     * {@code S_n = max(arrival_n, S_(n-P) + tRow)}: a ring of {@code P} start times per pool, O(1)
     * per row written, no events. One pool of {@code writePorts} ports by default; with
     * {@link SimOptions#portsPerCore()} one pool per core (or per shared port).
     */
    double weightPhase() {
      double dramT = t0;
      double tRow = hw.tRow();
      Ports ports = new Ports(t0);
      double end = t0;
      for (WeightRead r : p.weightReads()) {
        double bytes = r.bytes();
        double start = dramT;
        double readTime = bytes / hw.bwDram();
        dramT += readTime;
        weightBytes += bytes;
        eWeight += bytes * hw.eDram();
        events++;
        if (trace != null) {
          trace.span(Trace.DRAM, "weights unit " + r.unit() + "." + r.arrayOfUnit(), "weights", start, dramT - start,
              Map.of("partition", p.index(), "unit", r.unit(), "bytes", bytes));
        }
        List<RowWrite> ws = r.writes();
        int nw = ws.size();
        long rowsOfRead = 0;
        int[] pool = new int[nw];
        double[] first = new double[nw];
        for (int x = 0; x < nw; x++) {
          RowWrite w = ws.get(x);
          rowsOfRead = Math.max(rowsOfRead, w.rows());
          pool[x] = ports.poolOf(w.slot());
          first[x] = Double.NaN;
        }
        double[] last = new double[nw];
        for (long j = 0; j < rowsOfRead; j++) {
          // row j's bytes have arrived (the read's last row: exactly at its end)
          double arrival = j == rowsOfRead - 1 ? dramT : start + readTime * (j + 1) / rowsOfRead;
          for (int x = 0; x < nw; x++) {
            if (j >= ws.get(x).rows()) continue;
            double s = ports.write(pool[x], arrival);
            if (j == 0) first[x] = s;
            last[x] = s + tRow;
          }
        }
        for (int x = 0; x < nw; x++) {
          RowWrite w = ws.get(x);
          end = Math.max(end, last[x]);
          rows += w.rows();
          eRows += w.rows() * hw.eRow();
          arrays.put(w.slot(), new Content(w.stage(), w.replica(), r.unit(), r.arrayOfUnit(), w.rows()));
          if (trace != null) {
            // the array's rows, from the first row's start to the last row's end (other rows may interleave)
            trace.span(Trace.core(w.slot().core()), "write " + w.stage() + " r" + w.replica(), "write", first[x],
                last[x] - first[x], Map.of("partition", p.index(), "array", w.slot().array(), "rows", w.rows()));
          }
        }
      }
      return Math.max(end, dramT);
    }

    // ------------------------------------------------------------ compute phase

    double computePhase(double tw) {
      Map<String, Integer> index = new HashMap<>();
      for (int k = 0; k < n; k++) index.put(tasks.get(k).name(), k);
      int nl = p.loads().size();
      after = new int[n][];
      needs = new int[n][];
      mvmSeconds = new double[n];
      List<List<Integer>> succ = new ArrayList<>();
      List<List<Integer>> wait = new ArrayList<>();
      List<List<Integer>> iss = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        succ.add(new ArrayList<>());
        iss.add(new ArrayList<>());
      }
      for (int l = 0; l < nl; l++) wait.add(new ArrayList<>());
      for (int k = 0; k < n; k++) {
        StageTask s = tasks.get(k);
        after[k] = new int[s.after().size()];
        for (int j = 0; j < after[k].length; j++) {
          Integer a = index.get(s.after().get(j));
          if (a == null) {
            throw new InputException(where + ", stage " + s.name(), "waits for stage '" + s.after().get(j)
                + "', which is not in the partition; valid: " + index.keySet());
          }
          after[k][j] = a;
          succ.get(a).add(k);
        }
        needs[k] = new int[s.needs().size()];
        for (int j = 0; j < needs[k].length; j++) {
          int l = s.needs().get(j);
          if (l < 0 || l >= nl) {
            throw new InputException(where + ", stage " + s.name(), "needs load " + l + " but the partition has loads 0.." + (nl - 1));
          }
          needs[k][j] = l;
          wait.get(l).add(k);
        }
        long maxMvms = 0;
        for (Replica r : s.replicas()) maxMvms = Math.max(maxMvms, r.mvmsPerImage());
        mvmSeconds[k] = maxMvms * hw.mvmTime();
      }
      for (Load l : p.loads()) {
        Integer k = index.get(l.issuer());
        if (k == null) {
          throw new InputException(where + ", load " + l.id(), "is issued by stage '" + l.issuer() + "', which is not in the partition");
        }
        iss.get(k).add(l.id());
      }
      successors = toArrays(succ);
      waiters = toArrays(wait);
      issues = toArrays(iss);
      buildReadIndex();
      done = new int[n];
      segment = new int[n];
      vectorSegment = new int[n];
      imageStart = new double[n];
      segmentsOf = new int[n];
      for (int k = 0; k < n; k++) {
        long maxMvms = 0;
        for (Replica r : tasks.get(k).replicas()) maxMvms = Math.max(maxMvms, r.mvmsPerImage());
        segmentsOf[k] = (int) Math.max(1, Math.min(segments, maxMvms));
      }
      running = new boolean[n];
      loadIssued = new int[nl];
      loadArrived = new int[nl];
      dramFree = tw;
      vecFree = tw;
      lastEnd = tw;
      // every image of every load is queued at the start of the compute phase; the channel serves
      // them by priority (Job), so loads run ahead of the compute as far as the channel allows
      for (int i = 0; i < batch; i++) for (int k = 0; k < n; k++) issueLoads(k, issues[k], tw);
      prefetchNext(tw);
      for (int k = 0; k < n; k++) tryStart(k, tw);
      while (!queue.isEmpty()) {
        Event ev = queue.poll();
        events++;
        double now = ev.time();
        lastEnd = Math.max(lastEnd, now);
        switch (ev.type()) {
          case SEGMENT_DONE -> segmentDone(ev.index(), ev.image(), now);
          case STAGE_DONE -> stageDone(ev.index(), ev.image(), now);
          case VECTOR_SEGMENT_DONE -> vectorSegmentDone(ev.index(), ev.image(), now);
          default -> {
            Job j = inService;
            inService = null;
            serveNext(now);
            if (j.cls() == 2) earlyChunkDone(j, now);
            if (j.load() >= 0) {
              loadArrived[j.load()]++;
              for (int k : waiters[j.load()]) tryStart(k, now);
            }
          }
        }
      }
      flushSpan();
      for (int k = 0; k < n; k++) {
        if (done[k] < batch) {
          throw new InputException(where + ", stage " + tasks.get(k).name(), "never starts image " + done[k]
              + ": its dependencies (stages " + tasks.get(k).after() + ", loads " + tasks.get(k).needs()
              + ") form a cycle or wait for something never produced");
        }
      }
      for (StageTask s : tasks) for (Transfer st : s.stores()) dram.merge(st.tensor(), st.bytesPerImage(), Double::sum);
      if (next != null) {
        for (WeightRead r : next.earlyReads()) {
          weightBytesEarly += r.bytes();
          for (RowWrite w : r.writes()) {
            rowsEarly += w.rows();
            arrays.put(w.slot(), new Content(w.stage(), w.replica(), r.unit(), r.arrayOfUnit(), w.rows()));
          }
        }
        carryBytes = weightBytesEarly;
        carryRows = rowsEarly;
      }
      return Math.max(Math.max(lastEnd, dramFree), earlyEnd);
    }

    double weightBytesEarly;
    long rowsEarly;

    /**
     * Queues the next partition's prefetched reads (§9) behind this partition's own traffic (class
     * 2): each read in {@code min(K, rows)} chunks of whole rows, its rows written as their chunk
     * arrives. First checks that none of them writes an array a stage of this partition computes on.
     */
    void prefetchNext(double tw) {
      if (next == null || next.earlyReads().isEmpty()) return;
      Map<ArraySlot, String> mine = new HashMap<>();
      for (StageTask s : tasks) for (Replica r : s.replicas()) for (ArrayCopy c : r.arrays()) mine.put(c.slot(), s.name() + " replica " + r.replica());
      List<WeightRead> reads = next.earlyReads();
      earlyPorts = new Ports(tw);
      earlyEnd = tw;
      earlyRowsDone = new long[reads.size()];
      for (int i = 0; i < reads.size(); i++) {
        WeightRead r = reads.get(i);
        long rowsOfRead = 0;
        for (RowWrite w : r.writes()) {
          if (w.slot().core() >= hw.cores() || w.slot().array() >= hw.arraysPerCore()) {
            throw new InputException("partition " + next.index() + ", prefetched read of unit " + r.unit(), "writes " + w.slot()
                + " but " + hw.name() + " has " + hw.cores() + " cores of " + hw.arraysPerCore() + " arrays");
          }
          String user = mine.get(w.slot());
          if (user != null) {
            throw new InputException("partition " + next.index() + ", prefetched read of unit " + r.unit() + " array " + r.arrayOfUnit(),
                "writes " + w.slot() + " during partition " + p.index() + "'s compute phase, while stage " + user
                + " computes on it; a prefetched row goes only to an array the running partition does not use (FORMULATION.md §9)");
          }
          rowsOfRead = Math.max(rowsOfRead, w.rows());
        }
        int chunks = (int) Math.max(1, Math.min(segments, rowsOfRead));
        String label = trace == null ? null : "prefetch weights of partition " + next.index();
        long copies = 0;
        for (RowWrite w : r.writes()) copies += w.rows();
        boolean ports = copies * hw.tRow() / hw.writePorts() >= r.bytes() / hw.bwDram();
        for (int c = 0; c < chunks; c++) {
          Job j = Job.early(i, c, jobSeq++, r.bytes() / chunks, label);
          if (ports) portBound.add(j);
          else dramQueue.add(j);
        }
      }
      if (inService == null) serveNext(tw);
    }

    /** A chunk of a prefetched read has arrived: its rows go to the write ports. */
    void earlyChunkDone(Job j, double now) {
      WeightRead r = next.earlyReads().get(j.order());
      long rowsOfRead = 0;
      for (RowWrite w : r.writes()) rowsOfRead = Math.max(rowsOfRead, w.rows());
      int chunks = (int) Math.max(1, Math.min(segments, rowsOfRead));
      long to = rowsOfRead * (j.chunk() + 1) / chunks;
      for (long row = earlyRowsDone[j.order()]; row < to; row++) {
        for (RowWrite w : r.writes()) {
          if (row >= w.rows()) continue;
          double st = earlyPorts.write(earlyPorts.poolOf(w.slot()), now);
          earlyEnd = Math.max(earlyEnd, st + hw.tRow());
          if (trace != null && row == w.rows() - 1) {
            trace.span(Trace.core(w.slot().core()), "prefetch " + w.stage() + " r" + w.replica(), "write", st, hw.tRow(),
                Map.of("partition", next.index(), "array", w.slot().array(), "rows", w.rows()));
          }
        }
      }
      earlyRowsDone[j.order()] = to;
    }

    void buildReadIndex() {
      Map<String, List<Integer>> loadsOf = new HashMap<>();
      for (Load l : p.loads()) loadsOf.computeIfAbsent(l.transfer().tensor(), x -> new ArrayList<>()).add(l.id());
      Map<String, List<double[]>> producersOf = new HashMap<>();
      for (int k = 0; k < n; k++) {
        for (TensorPart pr : tasks.get(k).produces()) {
          producersOf.computeIfAbsent(pr.tensor(), x -> new ArrayList<>()).add(new double[] {k, pr.bytesPerImage()});
        }
      }
      readLoads = new int[n][][];
      readProducers = new int[n][][];
      readProducerBytes = new double[n][][];
      for (int k = 0; k < n; k++) {
        List<TensorPart> reads = tasks.get(k).reads();
        readLoads[k] = new int[reads.size()][];
        readProducers[k] = new int[reads.size()][];
        readProducerBytes[k] = new double[reads.size()][];
        for (int j = 0; j < reads.size(); j++) {
          String t = reads.get(j).tensor();
          readLoads[k][j] = loadsOf.getOrDefault(t, List.of()).stream().mapToInt(Integer::intValue).toArray();
          List<double[]> prs = new ArrayList<>();
          for (double[] pr : producersOf.getOrDefault(t, List.of())) if ((int) pr[0] != k) prs.add(pr);
          readProducers[k][j] = prs.stream().mapToInt(pr -> (int) pr[0]).toArray();
          readProducerBytes[k][j] = prs.stream().mapToDouble(pr -> pr[1]).toArray();
        }
      }
    }

    /**
     * Queues the next image of each of {@code ls}, the loads stage {@code k} issues, in {@code K}
     * chunks each, interleaved (chunk 0 of every load, then chunk 1, ...): a stage reading several
     * loads (the inputs of a concat) streams them together instead of waiting for the earlier loads
     * whole ({@link Job} gives the channel's order).
     */
    void issueLoads(int k, int[] ls, double now) {
      int count = 0;
      for (int l : ls) if (loadIssued[l] < batch) count++;
      if (count == 0) return;
      int[] which = new int[count];
      int[] image = new int[count];
      double[] chunk = new double[count];
      int x = 0;
      for (int l : ls) {
        if (loadIssued[l] >= batch) continue;
        Load load = p.loads().get(l);
        Transfer tr = load.transfer();
        double bytes = tr.bytesPerImage();
        int img = loadIssued[l]++;
        if (img == 0) {
          double there = dram.getOrDefault(tr.tensor(), 0.0);
          if (bytes > there * (1 + REL) + 1e-12) {
            throw new InputException(where + ", stage " + load.issuer(), "loads " + bytes + " bytes/image of '"
                + tr.tensor() + "' but DRAM holds only " + there + " (stored by earlier partitions"
                + (tr.kind() == Transfer.Kind.NETWORK_INPUT ? ", or the network input" : "")
                + "); every consumed tensor must be produced or loaded first");
          }
        }
        ioBytes += bytes;
        eAct += bytes * hw.eDram();
        which[x] = l;
        image[x] = img;
        chunk[x] = bytes / segments;
        x++;
      }
      String label = trace == null ? null : "load " + tasks.get(k).name() + " img " + image[0];
      for (int c = 0; c < segments; c++) {
        for (int y = 0; y < count; y++) submit(new Job(0, image[y], k, c, jobSeq++, chunk[y], which[y], label), now);
      }
    }

    /** Queues a chunk on the channel; starts it if the channel is idle. */
    void submit(Job j, double now) {
      dramQueue.add(j);
      if (inService == null) serveNext(now);
    }

    /**
     * Starts the first pending chunk, if any (the channel is idle at {@code now}). A prefetched
     * chunk whose rows take the ports longer than its bytes take the channel goes first when a port
     * would be idle by the time it arrived after the next chunk in {@link Job}'s order (just in
     * time: the ports stay busy, the partition's own traffic waits only that long); otherwise
     * {@link Job}'s order.
     */
    void serveNext(double now) {
      Job j = null;
      Job e = portBound.peek();
      if (e != null && (dramQueue.isEmpty()
          || earlyPorts.firstFree() <= Math.max(now, dramFree) + (dramQueue.peek().bytes() + e.bytes()) / hw.bwDram())) {
        j = portBound.poll();
      }
      if (j == null) j = dramQueue.poll();
      if (j == null) return;
      inService = j;
      double start = Math.max(now, dramFree);
      dramFree = start + j.bytes() / hw.bwDram();
      push(dramFree, DRAM_DONE, j.load(), j.image());
      if (trace != null) {
        if (j.label().equals(spanLabel) && start == spanEnd) {
          spanEnd = dramFree;
          spanBytes += j.bytes();
        } else {
          flushSpan();
          spanLabel = j.label();
          spanStart = start;
          spanEnd = dramFree;
          spanBytes = j.bytes();
        }
      }
    }

    void flushSpan() {
      if (trace == null || spanLabel == null) return;
      trace.span(Trace.DRAM, spanLabel, spanLabel.startsWith("load") ? "load" : "store", spanStart, spanEnd - spanStart,
          Map.of("partition", p.index(), "bytes", spanBytes));
      spanLabel = null;
    }

    void tryStart(int k, double now) {
      if (running[k] || done[k] == batch) return;
      int i = done[k];
      int j = segment[k];
      int kk = segmentsOf[k];
      if (j == 0) for (int a : after[k]) if (done[a] <= i) return;
      // segment j of kk needs the first (j+1)/kk of each load: ceil((j+1) * K / kk) of its K chunks
      long need = (long) i * segments + ((long) (j + 1) * segments + kk - 1) / kk;
      for (int l : needs[k]) if (loadArrived[l] < need) return;
      StageTask s = tasks.get(k);
      running[k] = true;
      if (j == kk - 1) checkReads(k, i);
      if (j > 0) {
        push(now + mvmSeconds[k] / kk, SEGMENT_DONE, k, i);
        return;
      }
      if (i == 0) checkWeights(s);
      imageStart[k] = now;
      long st = 0;
      double mvmTime = hw.mvmTime();
      for (Replica r : s.replicas()) {
        long arraySteps = r.mvmsPerImage() * hw.steps() * r.arrays().size();
        st += arraySteps;
        busy += r.mvmsPerImage() * mvmTime * r.arrays().size();
      }
      steps += st;
      eCompute += st * hw.eStep();
      push(now + mvmSeconds[k] / kk, SEGMENT_DONE, k, i);
    }

    void segmentDone(int k, int image, double now) {
      StageTask s = tasks.get(k);
      int kk = segmentsOf[k];
      segment[k]++;
      if (s.vectorMacs() == 0) store(k, image, now, kk);
      if (segment[k] < kk) {
        running[k] = false;
        tryStart(k, now);
        return;
      }
      segment[k] = 0;
      if (trace != null) traceMvm(s, image, imageStart[k], now);
      mvmDone(k, image, now);
    }

    /** Queues one of {@code parts} equal parts of each of stage {@code k}'s stores of {@code image}. */
    void store(int k, int image, double now, int parts) {
      StageTask s = tasks.get(k);
      for (Transfer st : s.stores()) {
        double bytes = st.bytesPerImage() / parts;
        ioBytes += bytes;
        eAct += bytes * hw.eDram();
        submit(new Job(1, image, k, segment[k], jobSeq++, bytes, -1, trace == null ? null : "store " + st.tensor() + " img " + image), now);
      }
    }

    void traceMvm(StageTask s, int image, double start, double end) {
      Map<Integer, Long> perCore = new TreeMap<>();
      Map<Integer, Integer> arraysOnCore = new TreeMap<>();
      for (Replica r : s.replicas()) {
        for (ArrayCopy c : r.arrays()) {
          perCore.merge(c.slot().core(), r.mvmsPerImage(), Math::max);
          arraysOnCore.merge(c.slot().core(), 1, Integer::sum);
        }
      }
      for (Map.Entry<Integer, Long> e : perCore.entrySet()) {
        // the image's segments, from the first's start to the last's end (stalls on DRAM included)
        trace.span(Trace.core(e.getKey()), s.name() + " img " + image, "mvm", start, end - start,
            Map.of("partition", p.index(), "image", image, "replicas", s.replication(), "arrays", arraysOnCore.get(e.getKey()),
                "mvms", e.getValue(), "computeSeconds", e.getValue() * hw.mvmTime()));
      }
    }

    void checkWeights(StageTask s) {
      for (Replica r : s.replicas()) {
        for (ArrayCopy c : r.arrays()) {
          Content got = arrays.get(c.slot());
          Content want = new Content(s.name(), r.replica(), c.unit(), c.arrayOfUnit(), c.rows());
          if (!want.equals(got)) {
            throw new InputException(where + ", stage " + s.name() + ", replica " + r.replica(), "computes on " + c.slot()
                + " (unit " + c.unit() + " array " + c.arrayOfUnit() + ", " + c.rows() + " rows) but "
                + (got == null ? "the weight phase never wrote it"
                    : "the weight phase wrote " + got.rows() + " rows of unit " + got.unit() + " array " + got.arrayOfUnit()
                        + " for " + got.stage() + " replica " + got.replica() + " there")
                + "; every weight must be written before use");
          }
        }
      }
    }

    void checkReads(int k, int image) {
      List<TensorPart> reads = tasks.get(k).reads();
      for (int j = 0; j < reads.size(); j++) {
        double have = 0;
        for (int l : readLoads[k][j]) if (loadArrived[l] >= (long) (image + 1) * segments) have += p.loads().get(l).transfer().bytesPerImage();
        int[] prs = readProducers[k][j];
        for (int x = 0; x < prs.length; x++) if (done[prs[x]] > image) have += readProducerBytes[k][j][x];
        double want = reads.get(j).bytesPerImage();
        if (have < want * (1 - REL) - 1e-12) {
          throw new InputException(where + ", stage " + tasks.get(k).name(), "starts image " + image + " reading '"
              + reads.get(j).tensor() + "' (" + want + " bytes/image) but only " + have
              + " bytes of it are present (loaded or produced in this partition); every consumed tensor must be produced or loaded first");
        }
      }
    }

    void mvmDone(int k, int image, double now) {
      StageTask s = tasks.get(k);
      if (s.vectorMacs() == 0) {
        stageDone(k, image, now);
        return;
      }
      // one vector unit for the chip; or (diagnostic) each stage its own: a stage's work of image i
      // follows its MVMs of image i, which follow its work of image i-1, so it never waits. The work
      // runs in K segments back to back (attention rows are independent: output row r needs query
      // row r and all keys and values), each followed by the store of its share of the outputs
      double start = vectorUnitPerStage ? now : Math.max(now, vecFree);
      double work = s.vectorMacs() / hw.vecMacRate();
      double end = start + work;
      if (!vectorUnitPerStage) vecFree = end;
      vecMacs += s.vectorMacs();
      if (s.chargeVectorEnergy()) eVec += s.vectorMacs() * hw.eVecMac();
      if (trace != null) {
        trace.span(Trace.VECTOR, s.name() + " img " + image, "vector", start, end - start,
            Map.of("partition", p.index(), "image", image, "macs", s.vectorMacs()));
      }
      for (int c = 0; c < segments; c++) push(c == segments - 1 ? end : start + work * (c + 1) / segments, VECTOR_SEGMENT_DONE, k, image);
    }

    /** A segment of stage {@code k}'s vector work of {@code image} is done: its share of the outputs is stored. */
    void vectorSegmentDone(int k, int image, double now) {
      store(k, image, now, segments);
      if (++vectorSegment[k] < segments) return;
      vectorSegment[k] = 0;
      stageDone(k, image, now);
    }

    void stageDone(int k, int image, double now) {
      running[k] = false;
      done[k]++;
      tryStart(k, now);
      for (int x : successors[k]) tryStart(x, now);
    }

    void push(double time, int type, int index, int image) {
      queue.add(new Event(time, seq++, type, index, image));
    }
  }

  private static int[][] toArrays(List<List<Integer>> lists) {
    int[][] a = new int[lists.size()][];
    for (int i = 0; i < a.length; i++) a[i] = lists.get(i).stream().mapToInt(Integer::intValue).toArray();
    return a;
  }
}
