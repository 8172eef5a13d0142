package dev.compass.formulation.mapping;

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

  private Mapping(StageGraph graph, HardwareSpec hw) {
    this.graph = graph;
    this.hardware = hw;
    int arraysOnChip = hw.arrays();
    long perTile = hw.outputsPerColumnTile();
    int slices = hw.slices();
    List<StageMapping> sm = new ArrayList<>();
    List<long[]> rows = new ArrayList<>(); // stage, arrays, rowsWritten, weightBits, outputs, last, psum, column, chunk
    for (Stage s : graph.stages()) {
      long h = s.h();
      long w = s.w();
      long g = s.groups();
      int first = rows.size();
      long weightBits = s.weights() * hw.weightBits();
      if (g > 1 && h <= hw.rows() && w * slices <= hw.cols()) {
        long k = Math.min(hw.rows() / h, hw.cols() / (w * slices));
        long c = (g + k - 1) / k;
        for (long col = 0; col < c; col++) {
          long ng = Math.min(k, g - col * k);
          rows.add(new long[] {s.index(), 1, ng * h, ng * h * w * hw.weightBits(), ng * w, 1, 0, col, 0});
        }
        sm.add(new StageMapping(s.index(), 1, c, k, 1, c, first, (int) c, weightBits));
      } else {
        long r = (h + hw.rows() - 1) / hw.rows();
        long cGroup = (w * slices + hw.cols() - 1) / hw.cols();
        long c = g * cGroup;
        long chunks = (r + arraysOnChip - 1) / arraysOnChip;
        for (long col = 0; col < c; col++) {
          long tile = col % cGroup;
          long outputs = Math.min(perTile, w - tile * perTile);
          for (long ch = 0; ch < chunks; ch++) {
            long firstTile = ch * arraysOnChip;
            long tiles = Math.min(arraysOnChip, r - firstTile);
            long rowsCovered = Math.min(h, (firstTile + tiles) * hw.rows()) - firstTile * hw.rows();
            boolean last = ch == chunks - 1;
            long psum = last ? 0 : Math.multiplyExact(Math.multiplyExact(s.mvmsPerImage(), outputs), (long) hw.psumBits());
            rows.add(new long[] {s.index(), tiles, rowsCovered, rowsCovered * outputs * hw.weightBits(), outputs,
                last ? 1 : 0, psum, col, ch});
          }
        }
        sm.add(new StageMapping(s.index(), r, c, 0, (int) chunks, g * r * cGroup, first, rows.size() - first, weightBits));
      }
    }
    this.stages = List.copyOf(sm);
    int n = rows.size();
    unitStage = new int[n];
    unitArrays = new int[n];
    unitRowsWritten = new long[n];
    unitWeightBits = new long[n];
    unitOutputs = new long[n];
    unitLastChunk = new boolean[n];
    unitPsumBits = new long[n];
    unitColumn = new int[n];
    unitChunk = new int[n];
    for (int u = 0; u < n; u++) {
      long[] r = rows.get(u);
      unitStage[u] = (int) r[0];
      unitArrays[u] = Math.toIntExact(r[1]);
      unitRowsWritten[u] = r[2];
      unitWeightBits[u] = r[3];
      unitOutputs[u] = r[4];
      unitLastChunk[u] = r[5] == 1;
      unitPsumBits[u] = r[6];
      unitColumn[u] = Math.toIntExact(r[7]);
      unitChunk[u] = Math.toIntExact(r[8]);
    }
  }

  /** Maps a stage graph onto a chip. */
  public static Mapping of(StageGraph graph, HardwareSpec hw) {
    return new Mapping(graph, hw);
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
