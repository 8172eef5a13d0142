package dev.compass.pimsim.program;

/**
 * One copy of one array of a unit, placed on the chip: array {@code arrayOfUnit} of unit
 * {@code unit}, as held by one replica.
 *
 * @param unit the unit (index in the mapping's unit table)
 * @param arrayOfUnit which of the unit's arrays ({@code 0..arrays(u)-1}, row tiles in order)
 * @param rows rows of this array that hold weights (what a weight write must fill)
 * @param slot where it sits
 */
public record ArrayCopy(int unit, int arrayOfUnit, long rows, ArraySlot slot) {

  public ArrayCopy {
    if (unit < 0 || arrayOfUnit < 0 || rows < 1 || slot == null) {
      throw new IllegalArgumentException("bad array copy: unit " + unit + ", array " + arrayOfUnit + ", rows " + rows);
    }
  }
}
