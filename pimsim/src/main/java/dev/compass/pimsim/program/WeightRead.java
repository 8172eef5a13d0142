package dev.compass.pimsim.program;

import java.util.List;

/**
 * One step of the weight-replacement phase: the weights of one array of a unit are read from DRAM
 * once ({@code bits / 8} bytes) and written into every replica's copy of that array.
 *
 * @param unit the unit
 * @param arrayOfUnit which of its arrays
 * @param bits weight bits read (rows x output columns x weightBits; a packed array: its groups'
 *     weights)
 * @param writes the row writes this read feeds, one per replica
 */
public record WeightRead(int unit, int arrayOfUnit, long bits, List<RowWrite> writes) {

  public WeightRead {
    if (bits < 0) throw new IllegalArgumentException("bits must be >= 0, got " + bits);
    writes = List.copyOf(writes);
  }

  /** Bytes read, {@code bits / 8} (exact). */
  public double bytes() {
    return bits / 8.0;
  }
}
