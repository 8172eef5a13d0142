package dev.compass.pimsim.sim;

import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.pimsim.program.Load;
import dev.compass.pimsim.program.PartitionProgram;
import dev.compass.pimsim.program.Program;
import dev.compass.pimsim.program.Replica;
import dev.compass.pimsim.program.RowWrite;
import dev.compass.pimsim.program.StageTask;
import dev.compass.pimsim.program.Transfer;
import dev.compass.pimsim.program.WeightRead;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A lower bound on the latency of <em>any</em> execution of a {@link Program} under the machine's
 * rules, at any event granularity: no schedule, however fine its streaming and however clever its
 * DRAM and vector-unit arbitration, finishes sooner. It is computed from the program alone, in
 * closed form, without the simulator's event loop, so it checks the simulator ({@code T_sim >=
 * bound}) and tells how far the cost model's formula is from anything the machine can do ({@code
 * bound / T_model - 1}: where that is above 0 the model is optimistic, and the excess is not a
 * simulator error).
 *
 * <p>The rules it relies on are those of the program's semantics ({@link StageTask}) and
 * FORMULATION.md §1/§4/§8: partitions run one after another; a partition's weights are all written
 * before its compute phase (a barrier, as the model's {@code T_write + ...}), and its activation
 * traffic happens in the compute phase; the DRAM is one channel of {@code bwDram}; the chip writes
 * at most {@code writePorts} rows at a time; a stage runs its images in order, one at a time, and
 * hands an image to its successors whole (the model's fill {@code F}); the MVMs of a replica run one
 * after another ({@code steps * tStep} each), so a stage needs {@code ceil(P/d) * steps * tStep} per
 * image, and its attention work, after its MVMs, needs {@code macs / vecMacRate} on the chip's one
 * vector rate (§8.1). Streaming within a stage is allowed at any granularity down to one MVM
 * round (one MVM on every replica), with loads consumed in order: round {@code j} of {@code M =
 * ceil(P/d)} needs the first {@code (j+1)/M} of each of the image's loads (the simulator, at any
 * {@code K}, needs at least that). So a stage starts an image only once {@code 1/M} of its loads are
 * in, and after the last byte arrives it still has at least one MVM and its attention work to do; after it finishes an image, at least the output of its last MVM
 * ({@code 1/ceil(P/d)} of its stores) is still to be stored; a stage with attention work makes its
 * outputs in the vector work, which streams them at any granularity (nothing is left after it, and
 * nothing is stored before its MVMs of the image are done).
 *
 * <p>Per partition the bound is {@code W + C}. Weight phase: {@code W = max(bytesW/bwDram + tRow,
 * ceil(rowsW/writePorts) * tRow)} (the last row is written after its bytes arrive; rows in flight are
 * limited). Compute phase: {@code C} is the largest of
 *
 * <ul>
 *   <li><b>path</b>: {@code max_s R_s(B-1) + tail_s}, with {@code R_s(i)}, a lower bound on when stage
 *       {@code s} finishes image {@code i}, from the recurrence {@code R_s(i) = max(start_s(i) + t_s,
 *       (i+1) * U_s/bwDram + m1 + v_s)}, {@code start_s(i) = max(R_s(i-1), R_a(i) for every
 *       predecessor a, (i + 1/M_s) * L_s/bwDram)}, where
 *       {@code t_s} is the stage's time per image, {@code L_s} the bytes per image of the loads it
 *       reads, {@code U_s} those of the loads that it or any stage before it on a path reads (each
 *       once: all of them share the one channel and must be in before {@code s} finishes the image),
 *       {@code m1 = steps * tStep}, {@code v_s} its attention time, and {@code tail_s} the
 *       time to store the output of its last MVM. Without loads this is exactly the model's {@code F +
 *       (B-1) * tau} for a chain (the flow-shop makespan); the load term is what the model's {@code
 *       max(T_compute, bytesIO/bwDram)} leaves out: a stage cannot finish an image before that
 *       image's inputs have arrived, and the stages after it on a path still have their work to do
 *       ({@link Binding#LOADS_BEFORE_COMPUTE});
 *   <li><b>DRAM</b>: at least {@code bytesIO / bwDram} (the model's traffic term), and more where
 *       the traffic cannot be spread: the channel as one machine whose jobs are the loads (available
 *       from the start, each followed by what its readers still have to do once its last byte is in)
 *       and the stores (released when their stage can have produced them), bounded by Jackson's
 *       preemptive rule ({@link Jackson});
 *   <li><b>vector unit</b>: the same on the chip's one vector rate: one job per (attention stage,
 *       image), released when that image's MVMs can have ended, followed by the stage's later images
 *       and the last image's path. The model adds each stage's attention time to that stage only, as
 *       if stages had a vector unit each, while §8.1 gives the whole chip one rate
 *       ({@link Binding#VECTOR_UNIT}).
 * </ul>
 */
public final class ScheduleBound {
  private ScheduleBound() {}

  /** Which term of a partition's compute-phase bound is the largest. */
  public enum Binding {
    /** The path recurrence without its load term: the model's own {@code F + (B-1)*tau} (or less). */
    PIPELINE,
    /** The path recurrence's load term: an image's inputs arrive before its stage finishes it. */
    LOADS_BEFORE_COMPUTE,
    /** All activation traffic through the one DRAM channel. */
    DRAM,
    /** All attention work of the batch through the chip's one vector rate. */
    VECTOR_UNIT
  }

  /**
   * The bound for one partition.
   *
   * @param index partition index
   * @param weightSeconds {@code W}
   * @param pipelineSeconds the path recurrence without loads
   * @param pathSeconds the path recurrence with loads and store tails
   * @param dramSeconds the channel's term (at least {@code bytesIO / bwDram})
   * @param vectorSeconds the vector-unit term (0 without attention work)
   * @param binding the largest of the compute-phase terms
   */
  public record PartitionBound(
      int index, double weightSeconds, double pipelineSeconds, double pathSeconds, double dramSeconds,
      double vectorSeconds, Binding binding) {
    /** {@code C}: the compute-phase bound. */
    public double computeSeconds() {
      return Math.max(pathSeconds, Math.max(dramSeconds, vectorSeconds));
    }

    /** {@code W + C}. */
    public double latencySeconds() {
      return weightSeconds + computeSeconds();
    }
  }

  /** The bound of a whole program at one batch size. */
  public record Bound(int batch, List<PartitionBound> partitions) {
    public Bound {
      partitions = List.copyOf(partitions);
    }

    /** Sum over partitions (they run one after another). */
    public double latencySeconds() {
      double t = 0;
      for (PartitionBound p : partitions) t += p.latencySeconds();
      return t;
    }
  }

  /** The bound for {@code program} over {@code batch} images. */
  public static Bound of(Program program, int batch) {
    if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batch);
    List<PartitionBound> out = new ArrayList<>();
    List<PartitionProgram> ps = program.partitions();
    for (int k = 0; k < ps.size(); k++) out.add(partition(program.hardware(), ps.get(k), k + 1 < ps.size() ? ps.get(k + 1) : null, batch));
    return new Bound(batch, out);
  }

  /**
   * The least time to read {@code reads} and write their rows: {@code max(bytes/bwDram + tRow,
   * ceil(rows/writePorts) * tRow)} (the last row is written after its bytes arrive), {@code bytes/bwDram}
   * without rows.
   */
  private static double writeTime(HardwareSpec hw, List<WeightRead> reads) {
    double bytes = bytes(reads);
    long rows = rows(reads);
    return rows == 0 ? bytes / hw.bwDram()
        : Math.max(bytes / hw.bwDram() + hw.tRow(), Math.ceil((double) rows / hw.writePorts()) * hw.tRow());
  }

  private static double bytes(List<WeightRead> reads) {
    double bytes = 0;
    for (WeightRead r : reads) bytes += r.bytes();
    return bytes;
  }

  private static long rows(List<WeightRead> reads) {
    long rows = 0;
    for (WeightRead r : reads) for (RowWrite w : r.writes()) rows += w.rows();
    return rows;
  }

  static PartitionBound partition(HardwareSpec hw, PartitionProgram p, PartitionProgram next, int batch) {
    double bw = hw.bwDram();
    // weight phase
    double weight = writeTime(hw, p.weightReads());

    List<StageTask> tasks = p.stages();
    int n = tasks.size();
    Map<String, Integer> index = new HashMap<>();
    for (int k = 0; k < n; k++) index.put(tasks.get(k).name(), k);
    double[] loadBytes = new double[p.loads().size()];
    for (Load l : p.loads()) loadBytes[l.id()] = l.transfer().bytesPerImage();

    double m1 = hw.mvmTime();
    double[] t = new double[n];
    double[] v = new double[n];
    double[] load = new double[n];
    double[] tail = new double[n];
    long[] rounds = new long[n];
    double io = 0;
    for (Load l : p.loads()) io += batch * l.transfer().bytesPerImage();
    for (int k = 0; k < n; k++) {
      StageTask s = tasks.get(k);
      long mvms = 0;
      for (Replica r : s.replicas()) mvms = Math.max(mvms, r.mvmsPerImage());
      rounds[k] = Math.max(1, mvms);
      v[k] = s.vectorMacs() / hw.vecMacRate();
      t[k] = mvms * m1 + v[k];
      for (int l : s.needs()) if (l >= 0 && l < loadBytes.length) load[k] += loadBytes[l];
      double stored = 0;
      for (Transfer st : s.stores()) stored += st.bytesPerImage();
      io += batch * stored;
      // attention work streams its outputs (any granularity): nothing is left to store after it
      tail[k] = (s.vectorMacs() > 0 ? 0 : mvms <= 1 ? stored : stored / mvms) / bw;
    }
    int[][] preds = predecessors(tasks, index);
    int[] order = topologicalOrder(preds);
    double dram = io / bw;
    if (order == null) {
      // a cycle: the simulator rejects the program; only the terms that need no order
      return new PartitionBound(p.index(), weight, 0, 0, dram, 0, Binding.DRAM);
    }
    // upstream[k]: the bytes per image of every load that stage k or a stage before it on a path
    // reads (each load once): all of them must have arrived, for images 0..i, on the one channel
    // before k can finish image i
    double[] upstream = new double[n];
    java.util.BitSet[] closure = new java.util.BitSet[n];
    for (int k : order) {
      closure[k] = new java.util.BitSet();
      for (int l : tasks.get(k).needs()) if (l >= 0 && l < loadBytes.length) closure[k].set(l);
      for (int q : preds[k]) closure[k].or(closure[q]);
      for (int l = closure[k].nextSetBit(0); l >= 0; l = closure[k].nextSetBit(l + 1)) upstream[k] += loadBytes[l];
    }
    double[][] finish = new double[batch][n]; // R_s(i), with loads
    double[][] start = new double[batch][n]; // a lower bound on when s starts image i
    double[] pipeline = new double[n]; // the same without loads; entry k holds image i-1 until k's turn
    double path = 0;
    double pipe = 0;
    for (int i = 0; i < batch; i++) {
      for (int k : order) {
        double st = i > 0 ? finish[i - 1][k] : 0;
        double b = pipeline[k] + t[k];
        for (int q : preds[k]) {
          st = Math.max(st, finish[i][q]);
          b = Math.max(b, pipeline[q] + t[k]);
        }
        // the image's first MVM round needs the first 1/rounds of its loads, its last round all of them
        if (load[k] > 0) st = Math.max(st, (i + 1.0 / rounds[k]) * load[k] / bw);
        double a = st + t[k];
        if (upstream[k] > 0) a = Math.max(a, (i + 1) * upstream[k] / bw + m1 + v[k]);
        start[i][k] = st;
        finish[i][k] = a;
        pipeline[k] = b;
      }
    }
    // down[k]: after stage k finishes its last image, its own store tail and every path of stages
    // after it still have that image to process
    double[] down = new double[n];
    for (int x = n - 1; x >= 0; x--) {
      int k = order[x];
      down[k] = Math.max(down[k], tail[k]);
      for (int q : preds[k]) down[q] = Math.max(down[q], t[k] + down[k]);
    }
    for (int k = 0; k < n; k++) {
      path = Math.max(path, finish[batch - 1][k] + tail[k]);
      pipe = Math.max(pipe, pipeline[k]);
    }
    // the vector unit: one job per (attention stage, image), released when that image's MVMs can
    // have ended at the earliest, followed by what the stage and the stages after it still have to
    // do (images i+1.. of the stage, then the last image's path)
    Jackson vec = new Jackson();
    for (int k = 0; k < n; k++) {
      if (v[k] <= 0) continue;
      double mvm = t[k] - v[k];
      for (int i = 0; i < batch; i++) {
        double release = start[i][k] + mvm;
        if (upstream[k] > 0) release = Math.max(release, (i + 1) * upstream[k] / bw + m1);
        vec.add(release, v[k], (batch - 1 - i) * t[k] + down[k]);
      }
    }
    double vector = vec.makespan();
    // the DRAM channel: loads (available from the start: any execution may prefetch), each followed
    // by what its readers still have to do once its last byte is in (the last MVM and attention work
    // of that image, the later images, the last image's path); stores, released when the stage can
    // have produced them (the first MVM's output at the earliest; the last MVM's share, or all of it
    // after attention work, when the stage finishes the image)
    Jackson ch = new Jackson();
    List<List<Integer>> readersOf = new ArrayList<>();
    for (int l = 0; l < loadBytes.length; l++) readersOf.add(new ArrayList<>());
    for (int k = 0; k < n; k++) for (int l : tasks.get(k).needs()) if (l >= 0 && l < loadBytes.length) readersOf.get(l).add(k);
    for (int l = 0; l < loadBytes.length; l++) {
      if (loadBytes[l] <= 0) continue;
      for (int i = 0; i < batch; i++) {
        double q = 0;
        for (int k : readersOf.get(l)) q = Math.max(q, m1 + v[k] + (batch - 1 - i) * t[k] + down[k]);
        ch.add(0, loadBytes[l] / bw, q);
      }
    }
    for (int k = 0; k < n; k++) {
      double stored = 0;
      for (Transfer st : tasks.get(k).stores()) stored += st.bytesPerImage();
      if (stored <= 0) continue;
      double last = tail[k] * bw;
      for (int i = 0; i < batch; i++) {
        // the first output exists after the first MVM round, or after all MVMs where attention work makes it
        if (stored > last) ch.add(start[i][k] + (v[k] > 0 ? t[k] - v[k] : m1), (stored - last) / bw, 0);
        ch.add(finish[i][k], last / bw, 0);
      }
    }
    dram = Math.max(dram, ch.makespan());
    // prefetch (§9): the channel also reads the next partition's early weights and the ports write
    // their rows, within this compute phase
    List<WeightRead> early = next == null ? List.of() : next.earlyReads();
    if (rows(early) > 0) dram = Math.max(dram, Math.max((io + bytes(early)) / bw, writeTime(hw, early)));
    Binding binding;
    // ties go to the path: the channel's and the vector unit's terms include the path's tails
    if (path >= dram && path >= vector) binding = path > pipe * (1 + 1e-12) ? Binding.LOADS_BEFORE_COMPUTE : Binding.PIPELINE;
    else binding = vector >= dram ? Binding.VECTOR_UNIT : Binding.DRAM;
    return new PartitionBound(p.index(), weight, pipe, path, dram, vector, binding);
  }

  /**
   * One machine (the DRAM channel, the vector unit) and jobs with a release time, a processing time
   * and a tail (time still needed after the job, in parallel with other work): the least possible
   * {@code max_j (C_j + q_j)} when jobs may be interrupted, by Jackson's rule (at every moment run
   * the released job with the longest tail), which is optimal for the preemptive problem
   * (Jackson 1956; Horn 1974), hence a lower bound for every schedule, streamed at any granularity
   * or not.
   */
  static final class Jackson {
    private final List<double[]> jobs = new ArrayList<>();

    void add(double release, double work, double tail) {
      if (work > 0) jobs.add(new double[] {release, work, tail});
    }

    double makespan() {
      if (jobs.isEmpty()) return 0;
      jobs.sort((x, y) -> Double.compare(x[0], y[0]));
      java.util.PriorityQueue<double[]> ready = new java.util.PriorityQueue<>((x, y) -> Double.compare(y[2], x[2]));
      double now = 0;
      double end = 0;
      int next = 0;
      int n = jobs.size();
      while (next < n || !ready.isEmpty()) {
        if (ready.isEmpty() && now < jobs.get(next)[0]) now = jobs.get(next)[0];
        while (next < n && jobs.get(next)[0] <= now) {
          double[] j = jobs.get(next++);
          ready.add(new double[] {j[0], j[1], j[2]});
        }
        double[] j = ready.poll();
        double until = next < n ? jobs.get(next)[0] : Double.POSITIVE_INFINITY;
        if (now + j[1] <= until) {
          now += j[1];
          end = Math.max(end, now + j[2]);
        } else {
          j[1] -= until - now;
          now = until;
          ready.add(j);
        }
      }
      return end;
    }
  }

  /** Per stage, the indices of the stages in its {@code after} list (names outside the partition and itself left out). */
  private static int[][] predecessors(List<StageTask> tasks, Map<String, Integer> index) {
    int[][] preds = new int[tasks.size()][];
    for (int k = 0; k < preds.length; k++) {
      int kk = k;
      preds[k] = tasks.get(k).after().stream().map(index::get).filter(q -> q != null && q != kk).mapToInt(Integer::intValue).toArray();
    }
    return preds;
  }

  /** Kahn's order over the {@code after} edges; {@code null} on a cycle. */
  private static int[] topologicalOrder(int[][] preds) {
    int n = preds.length;
    int[] indeg = new int[n];
    List<List<Integer>> succ = new ArrayList<>();
    for (int k = 0; k < n; k++) succ.add(new ArrayList<>());
    for (int k = 0; k < n; k++) {
      for (int q : preds[k]) {
        succ.get(q).add(k);
        indeg[k]++;
      }
    }
    ArrayDeque<Integer> ready = new ArrayDeque<>();
    for (int k = 0; k < n; k++) if (indeg[k] == 0) ready.add(k);
    int[] order = new int[n];
    int x = 0;
    while (!ready.isEmpty()) {
      int k = ready.poll();
      order[x++] = k;
      for (int s : succ.get(k)) if (--indeg[s] == 0) ready.add(s);
    }
    return x == n ? order : null;
  }
}
