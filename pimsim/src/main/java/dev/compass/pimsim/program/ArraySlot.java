package dev.compass.pimsim.program;

/**
 * One crossbar array of the chip: array {@code array} ({@code 0..A_c-1}) of core {@code core}
 * ({@code 0..N_c-1}).
 */
public record ArraySlot(int core, int array) {

  public ArraySlot {
    if (core < 0) throw new IllegalArgumentException("core must be >= 0, got " + core);
    if (array < 0) throw new IllegalArgumentException("array must be >= 0, got " + array);
  }

  @Override
  public String toString() {
    return "core " + core + " array " + array;
  }
}
