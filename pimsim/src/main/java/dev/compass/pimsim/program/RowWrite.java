package dev.compass.pimsim.program;

/**
 * Writing {@code rows} rows into one array: {@code rows} jobs for the write ports, one row each
 * ({@code tRow} seconds, {@code eRow} joules), so {@code rows * eRow} joules; the rows may be
 * written by different ports at the same time, each once its bytes have arrived from DRAM.
 *
 * @param stage the stage whose weights are written
 * @param replica the replica receiving them
 * @param slot the array written
 * @param rows rows written
 */
public record RowWrite(String stage, int replica, ArraySlot slot, long rows) {

  public RowWrite {
    if (stage == null || slot == null) throw new IllegalArgumentException("row write needs a stage and a slot");
    if (rows < 1) throw new IllegalArgumentException("rows must be >= 1, got " + rows);
  }
}
