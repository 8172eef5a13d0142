package dev.compass.formulation.mapping;

import dev.compass.formulation.InputException;
import dev.compass.formulation.graph.Stage;
import dev.compass.formulation.graph.StageGraph;
import dev.compass.formulation.hardware.HardwareSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The mapping of a stage graph onto a chip (FORMULATION.md §3, §8.7) and the unit table.
 *
 * <p>One group's weight matrix ({@code H x W}) covers {@code R = ceil(H/rows)} row tiles and
 * {@code C_group = ceil(W*slices/cols)} column tiles. When one group fits in one array and
 * {@code g > 1}, {@code k = min(floor(rows/H), floor(cols/(W*slices)))} groups are packed
 * block-diagonally per array ({@code ceil(g/k)} arrays, each a column unit). Otherwise the stage has
 * {@code C = g*C_group} column units (group-major), each holding all {@code R} row tiles of one column
 * tile; a column unit with {@code R > A} is cut into row chunks of {@code A, A, ..., rest} arrays.
 *
 * <p>Units are ordered by stage, column unit, row chunk. For unit {@code u} the tables give: its
 * stage, arrays, rows written per copy (the used rows of each array), weight bits, output columns
 * (the outputs of its column tile, or {@code groups*W} for a packed array), whether it is its column
 * unit's last row chunk, and the partial-sum bits per image a non-last chunk spills
 * ({@code P * outputs * psumBits}).
 */
public final class Mapping {
  private final StageGraph graph;
  private final HardwareSpec hardware;
  private final List<StageMapping> stages;
  private final int[] unitStage;
  private final int[] unitArrays;
  private final long[] unitRowsWritten;
  private final long[] unitWeightBits;
  private final long[] unitOutputs;
  private final boolean[] unitLastChunk;
  private final long[] unitPsumBits;
  private final int[] unitColumn;
  private final int[] unitChunk;

  private Mapping(StageGraph graph, HardwareSpec hw, long maxUnits) {
    this.graph = graph;
    this.hardware = hw;
    int n = checkedUnits(graph, hw, maxUnits);
    long arraysOnChip = hw.arrays();
    long perTile = hw.outputsPerColumnTile();
    long bits = hw.weightBits();
    unitStage = new int[n];
    unitArrays = new int[n];
    unitRowsWritten = new long[n];
    unitWeightBits = new long[n];
    unitOutputs = new long[n];
    unitLastChunk = new boolean[n];
    unitPsumBits = new long[n];
    unitColumn = new int[n];
    unitChunk = new int[n];
    List<StageMapping> sm = new ArrayList<>();
    int u = 0;
    for (Stage s : graph.stages()) {
      Tiling t = Tiling.of(s, hw);
      long h = s.h();
      long w = s.w();
      int first = u;
      long weightBits = Math.multiplyExact(s.weights(), bits);
      if (t.packed()) {
        for (long col = 0; col < t.columns(); col++, u++) {
          long ng = Math.min(t.packedGroups(), s.groups() - col * t.packedGroups());
          set(u, s.index(), 1, ng * h, Math.multiplyExact(Math.multiplyExact(ng * h, w), bits), ng * w, true, 0, col, 0);
        }
        sm.add(new StageMapping(s.index(), 1, t.columns(), t.packedGroups(), 1, t.columns(), first, (int) t.columns(),
            weightBits));
      } else {
        long r = t.rowTiles();
        for (long col = 0; col < t.columns(); col++) {
          long tile = col % t.columnsPerGroup();
          long outputs = Math.min(perTile, w - tile * perTile);
          for (long ch = 0; ch < t.chunks(); ch++, u++) {
            long firstTile = ch * arraysOnChip;
            long tiles = Math.min(arraysOnChip, r - firstTile);
            long rowsCovered = Math.min(h, (firstTile + tiles) * hw.rows()) - firstTile * hw.rows();
            boolean last = ch == t.chunks() - 1;
            long psum = last ? 0 : Math.multiplyExact(Math.multiplyExact(s.mvmsPerImage(), outputs), (long) hw.psumBits());
            set(u, s.index(), tiles, rowsCovered, Math.multiplyExact(Math.multiplyExact(rowsCovered, outputs), bits), outputs,
                last, psum, col, ch);
          }
        }
        sm.add(new StageMapping(s.index(), r, t.columns(), 0, (int) t.chunks(),
            Math.multiplyExact(Math.multiplyExact(s.groups(), r), t.columnsPerGroup()), first, u - first, weightBits));
      }
    }
    this.stages = List.copyOf(sm);
    checkTotals();
  }

  private void set(int u, int stage, long arrays, long rowsWritten, long weightBits, long outputs, boolean last, long psum,
      long column, long chunk) {
    unitStage[u] = stage;
    unitArrays[u] = Math.toIntExact(arrays);
    unitRowsWritten[u] = rowsWritten;
    unitWeightBits[u] = weightBits;
    unitOutputs[u] = outputs;
    unitLastChunk[u] = last;
    unitPsumBits[u] = psum;
    unitColumn[u] = Math.toIntExact(column);
    unitChunk[u] = Math.toIntExact(chunk);
  }

  /**
   * How one stage tiles the arrays (the class comment's formulas, in one place): packed
   * ({@code k} groups per array, {@code ceil(g/k)} column units of one array) or not ({@code R} row
   * tiles, {@code C_group} column tiles per group, {@code C = g*C_group} column units, each cut into
   * {@code ceil(R/A)} row chunks). Counts are overflow-checked.
   */
  private record Tiling(boolean packed, long packedGroups, long rowTiles, long columnsPerGroup, long columns, long chunks) {
    static Tiling of(Stage s, HardwareSpec hw) {
      long h = s.h();
      long w = s.w();
      long g = s.groups();
      long slices = hw.slices();
      if (g > 1 && h <= hw.rows() && w * slices <= hw.cols()) {
        long k = Math.min(hw.rows() / h, hw.cols() / (w * slices));
        return new Tiling(true, k, 1, 1, (g + k - 1) / k, 1);
      }
      long r = (h + hw.rows() - 1) / hw.rows();
      long cGroup = (Math.multiplyExact(w, slices) + hw.cols() - 1) / hw.cols();
      return new Tiling(false, 0, r, cGroup, Math.multiplyExact(g, cGroup), (r + hw.arrays() - 1) / hw.arrays());
    }

    long units() {
      return Math.multiplyExact(columns, chunks);
    }
  }

  /**
   * The number of units, counted before any table is built, or an {@link InputException} when there
   * are more than {@code maxUnits} (the tables would not fit in memory) or more than an {@code int} holds.
   */
  private static int checkedUnits(StageGraph graph, HardwareSpec hw, long maxUnits) {
    long units = 0;
    try {
      for (Stage s : graph.stages()) units = Math.addExact(units, Tiling.of(s, hw).units());
    } catch (ArithmeticException e) {
      units = Long.MAX_VALUE;
    }
    long limit = Math.min(maxUnits, Integer.MAX_VALUE - 8);
    if (units > limit) {
      String count = units == Long.MAX_VALUE ? "more than 2^63" : String.format(java.util.Locale.ROOT, "%,d", units);
      throw new InputException("network '" + graph.network().name() + "' on hardware '" + hw.name() + "'",
          "maps onto " + count + " units (array groups), more than the " + String.format(java.util.Locale.ROOT, "%,d", limit)
              + " whose tables fit in memory (about " + BYTES_PER_UNIT + " bytes per unit, heap "
              + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB); use larger arrays (rows, cols) or more arrays per"
              + " core so that fewer units cover the weights, or give Java more heap (e.g. JAVA_TOOL_OPTIONS=-Xmx"
              + Math.max(1, (units == Long.MAX_VALUE ? 0 : units * BYTES_PER_UNIT * 2 >> 30) + 1) + "g)");
    }
    return (int) units;
  }

  /** Every sum over units that the cost model keeps as a prefix sum fits in a {@code long}. */
  private void checkTotals() {
    long arrays = 0;
    long rows = 0;
    long bits = 0;
    long outputs = 0;
    long psum = 0;
    long stepArrays = 0;
    try {
      for (int u = 0; u < units(); u++) {
        arrays = Math.addExact(arrays, unitArrays[u]);
        rows = Math.addExact(rows, unitRowsWritten[u]);
        bits = Math.addExact(bits, unitWeightBits[u]);
        outputs = Math.addExact(outputs, unitOutputs[u]);
        psum = Math.addExact(psum, unitPsumBits[u]);
        stepArrays = Math.addExact(stepArrays, Math.multiplyExact(graph.stage(unitStage[u]).mvmsPerImage(), (long) unitArrays[u]));
      }
    } catch (ArithmeticException e) {
      throw new InputException("network '" + graph.network().name() + "' on hardware '" + hardware.name() + "'",
          "the network's weight bits, rows or partial sums overflow a 64-bit count on this chip; the network is too large");
    }
  }

  /**
   * Heap one unit takes in a {@code partition} run, with headroom: the mapping's and the cost
   * model's tables and the DP's arrays (about 160 bytes), and, when every unit is a partition of its
   * own, the plan's cost and the certificate's re-evaluation of it (about 800 bytes). Measured on
   * vgg16 on the tiny preset (540,416 units): the run needs about 1 kB per unit (docs/formats.md, Limits).
   */
  public static final long BYTES_PER_UNIT = 1536;

  /**
   * Maps a stage graph onto a chip. A problem whose unit tables would not fit in the heap
   * ({@link #BYTES_PER_UNIT} per unit against {@link Runtime#maxMemory()}) is refused up front with
   * an {@link InputException} that gives its size and what would make it fit.
   */
  public static Mapping of(StageGraph graph, HardwareSpec hw) {
    return new Mapping(graph, hw, Runtime.getRuntime().maxMemory() / BYTES_PER_UNIT);
  }

  /** As {@link #of(StageGraph, HardwareSpec)} with an explicit unit limit (tests). */
  public static Mapping of(StageGraph graph, HardwareSpec hw, long maxUnits) {
    return new Mapping(graph, hw, maxUnits);
  }

  public StageGraph graph() { return graph; }
  public HardwareSpec hardware() { return hardware; }
  public List<StageMapping> stages() { return stages; }
  public StageMapping stage(int s) { return stages.get(s); }

  /** Number of units. */
  public int units() { return unitStage.length; }
  public int unitStage(int u) { return unitStage[u]; }
  public int unitArrays(int u) { return unitArrays[u]; }
  /** Row writes to fill one copy of unit {@code u} (the used rows of each of its arrays). */
  public long unitRowsWritten(int u) { return unitRowsWritten[u]; }
  public long unitWeightBits(int u) { return unitWeightBits[u]; }
  /** Output columns of the unit's column tile (all groups of a packed array). */
  public long unitOutputs(int u) { return unitOutputs[u]; }
  /** True if the unit is its column unit's last row chunk (always, unless the stage is chunked). */
  public boolean unitLastChunk(int u) { return unitLastChunk[u]; }
  /** Partial-sum bits per image that a non-last row chunk stores (0 for a last chunk). */
  public long unitPsumBits(int u) { return unitPsumBits[u]; }
  public int unitColumn(int u) { return unitColumn[u]; }
  public int unitChunk(int u) { return unitChunk[u]; }

  /** All arrays of all stages. */
  public long totalArrays() {
    long a = 0;
    for (StageMapping s : stages) a += s.arrays();
    return a;
  }

  /** All weight bits. */
  public long totalWeightBits() {
    long b = 0;
    for (StageMapping s : stages) b += s.weightBits();
    return b;
  }

  /** Human-readable name of a unit, e.g. {@code layer1.0.conv1[col 3, chunk 0]}. */
  public String unitName(int u) {
    String n = graph.stage(unitStage[u]).name() + "[col " + unitColumn[u];
    return stages.get(unitStage[u]).chunks() > 1 ? n + ", chunk " + unitChunk[u] + "]" : n + "]";
  }
}
