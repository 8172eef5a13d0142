package dev.compass.formulation.mapping;

/**
 * How one stage sits on arrays.
 *
 * @param stage stage index
 * @param rowTiles {@code R = ceil(H/rows)} (1 when packed)
 * @param colTiles {@code C}: column units ({@code C_group * g} unpacked, {@code ceil(g/k)} packed)
 * @param packedGroups {@code k}, groups per array when packed block-diagonally, or 0 when each group
 *     is mapped on its own
 * @param chunks row chunks per column unit, {@code ceil(R/A)} (1 when a column unit fits the chip)
 * @param arrays arrays of all units of the stage
 * @param firstUnit index of the stage's first unit
 * @param units number of units ({@code C * chunks})
 * @param weightBits weight bits of the stage ({@code H*W*g*weightBits})
 */
public record StageMapping(
    int stage, long rowTiles, long colTiles, long packedGroups, int chunks, long arrays, int firstUnit, int units, long weightBits) {

  public int lastUnit() {
    return firstUnit + units - 1;
  }

  /** Exact bytes of the stage's weights. */
  public double weightBytes() {
    return weightBits / 8.0;
  }
}
