package dev.compass.formulation.hardware;

import dev.compass.formulation.InputException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A crossbar PIM chip (FORMULATION.md §1). All quantities are SI: seconds, joules, bytes/s, watts.
 *
 * @param name preset or file name
 * @param cores {@code N_c}
 * @param arraysPerCore {@code A_c}
 * @param rows rows per array
 * @param cols columns per array (a multiple of {@link #slices()})
 * @param cellBits bits stored per cell
 * @param weightBits bits per weight
 * @param activationBits bits per activation
 * @param psumBits bits per partial sum spilled between row chunks
 * @param dacBits input bits per array step
 * @param tStep seconds per array step (one input slice, ADC included)
 * @param tRow seconds per row write
 * @param writePorts rows written at the same time (default: one per core)
 * @param bwDram DRAM bandwidth, bytes/s
 * @param eDram DRAM energy, J/byte
 * @param eStep energy of one array step, J
 * @param eRow energy of one row write, J
 * @param pStatic static power of the whole chip, W
 * @param vecMacRate vector-unit MACs per second, whole chip
 * @param eVecMac energy per vector MAC, J
 * @param allocation {@link Allocation#ARRAY} or {@link Allocation#CORE}
 * @param prefetch whether the chip may write the next partition's weights into arrays the current
 *     partition leaves unused while it computes (FORMULATION.md §9; default {@code false}): for
 *     consecutive partitions {@code p, q} the fraction {@code phi = min(1, (cap - u_p) / u_q)} of
 *     {@code q}'s weights is written during {@code p}'s compute phase
 * @param provenance where each number comes from: field name to a note (a paper, a datasheet, or
 *     "assumption: why"); required in shipped presets, optional in a user's file
 */
public record HardwareSpec(
    String name,
    int cores,
    int arraysPerCore,
    int rows,
    int cols,
    int cellBits,
    int weightBits,
    int activationBits,
    int psumBits,
    int dacBits,
    double tStep,
    double tRow,
    int writePorts,
    double bwDram,
    double eDram,
    double eStep,
    double eRow,
    double pStatic,
    double vecMacRate,
    double eVecMac,
    Allocation allocation,
    boolean prefetch,
    Map<String, String> provenance) {

  /** The numeric fields in the order of FORMULATION.md §1 (the JSON names). */
  public static final java.util.List<String> NUMBER_FIELDS = java.util.List.of(
      "cores", "arraysPerCore", "rows", "cols", "cellBits", "weightBits", "activationBits", "psumBits",
      "dacBits", "tStep", "tRow", "writePorts", "bwDram", "eDram", "eStep", "eRow", "pStatic",
      "vecMacRate", "eVecMac");

  public HardwareSpec {
    if (name == null || name.isBlank()) throw new InputException("name", "is missing or empty");
    positive("cores", cores);
    positive("arraysPerCore", arraysPerCore);
    positive("rows", rows);
    positive("cols", cols);
    positive("cellBits", cellBits);
    positive("weightBits", weightBits);
    positive("activationBits", activationBits);
    positive("psumBits", psumBits);
    positive("dacBits", dacBits);
    positive("tStep", tStep);
    positive("tRow", tRow);
    positive("writePorts", writePorts);
    positive("bwDram", bwDram);
    nonNegative("eDram", eDram);
    nonNegative("eStep", eStep);
    nonNegative("eRow", eRow);
    nonNegative("pStatic", pStatic);
    positive("vecMacRate", vecMacRate);
    nonNegative("eVecMac", eVecMac);
    bits("cellBits", cellBits);
    bits("weightBits", weightBits);
    bits("activationBits", activationBits);
    bits("psumBits", psumBits);
    bits("dacBits", dacBits);
    if ((long) cores * arraysPerCore > Integer.MAX_VALUE) {
      throw new InputException("arraysPerCore", "cores x arraysPerCore = " + cores + " x " + arraysPerCore + " = "
          + (long) cores * arraysPerCore + " arrays, more than the limit " + Integer.MAX_VALUE + " (2^31 - 1)");
    }
    if (allocation == null) throw new InputException("allocation", "is missing; valid: ARRAY, CORE");
    int slices = (weightBits + cellBits - 1) / cellBits;
    if (cols % slices != 0) {
      throw new InputException("cols", "is " + cols + ", not a multiple of slices = ceil(weightBits/cellBits) = "
          + slices + ", so a weight would straddle two arrays; use a multiple of " + slices);
    }
    provenance = provenance == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(provenance));
  }

  /** A chip without weight prefetch ({@code prefetch = false}), the constructor before FORMULATION.md §9. */
  public HardwareSpec(String name, int cores, int arraysPerCore, int rows, int cols, int cellBits, int weightBits,
      int activationBits, int psumBits, int dacBits, double tStep, double tRow, int writePorts, double bwDram,
      double eDram, double eStep, double eRow, double pStatic, double vecMacRate, double eVecMac,
      Allocation allocation, Map<String, String> provenance) {
    this(name, cores, arraysPerCore, rows, cols, cellBits, weightBits, activationBits, psumBits, dacBits, tStep, tRow,
        writePorts, bwDram, eDram, eStep, eRow, pStatic, vecMacRate, eVecMac, allocation, false, provenance);
  }

  /** The widest bit width (cells, weights, activations, partial sums, DAC) accepted. */
  public static final int MAX_BITS = 64;

  /**
   * The largest magnitude of a real-valued field (times, energies, rates, power). Non-zero values
   * lie in {@code [1/MAX_MAGNITUDE, MAX_MAGNITUDE]}, so every time and energy the cost model
   * computes from them (products with counts of at most 2^53) stays finite and positive.
   */
  public static final double MAX_MAGNITUDE = 1e30;

  private static void positive(String field, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new InputException(field, "must be a positive finite number, got " + v);
    }
    inRange(field, v);
  }

  private static void nonNegative(String field, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new InputException(field, "must be a finite number >= 0, got " + v);
    }
    if (v != 0) inRange(field, v);
  }

  private static void inRange(String field, double v) {
    if (v > MAX_MAGNITUDE || v < 1 / MAX_MAGNITUDE) {
      throw new InputException(field, "is " + v + ", outside the accepted range [1e-30, 1e30] (SI units: seconds,"
          + " joules, bytes/s, watts)");
    }
  }

  private static void bits(String field, int bits) {
    if (bits > MAX_BITS) throw new InputException(field, "must be at most " + MAX_BITS + " bits, got " + bits);
  }

  /** {@code A = N_c * A_c}, arrays on the chip. */
  public int arrays() {
    return cores * arraysPerCore;
  }

  /** Columns per weight: {@code ceil(weightBits / cellBits)}. */
  public int slices() {
    return (weightBits + cellBits - 1) / cellBits;
  }

  /** Array steps per MVM: {@code ceil(activationBits / dacBits)}. */
  public int steps() {
    return (activationBits + dacBits - 1) / dacBits;
  }

  /** Seconds per MVM on one array: {@code steps * tStep}. */
  public double mvmTime() {
    return steps() * tStep;
  }

  /** Outputs per column tile: {@code cols / slices}. */
  public int outputsPerColumnTile() {
    return cols / slices();
  }

  /** The same chip with another allocation. */
  public HardwareSpec withAllocation(Allocation a) {
    return new HardwareSpec(name, cores, arraysPerCore, rows, cols, cellBits, weightBits, activationBits, psumBits,
        dacBits, tStep, tRow, writePorts, bwDram, eDram, eStep, eRow, pStatic, vecMacRate, eVecMac, a, prefetch,
        provenance);
  }

  /** The same chip with weight prefetch (FORMULATION.md §9) switched on or off; the name is kept. */
  public HardwareSpec withPrefetch(boolean on) {
    return new HardwareSpec(name, cores, arraysPerCore, rows, cols, cellBits, weightBits, activationBits, psumBits,
        dacBits, tStep, tRow, writePorts, bwDram, eDram, eStep, eRow, pStatic, vecMacRate, eVecMac, allocation, on,
        provenance);
  }

  /** The value of a numeric field by its JSON name. */
  public double number(String field) {
    return switch (field) {
      case "cores" -> cores;
      case "arraysPerCore" -> arraysPerCore;
      case "rows" -> rows;
      case "cols" -> cols;
      case "cellBits" -> cellBits;
      case "weightBits" -> weightBits;
      case "activationBits" -> activationBits;
      case "psumBits" -> psumBits;
      case "dacBits" -> dacBits;
      case "tStep" -> tStep;
      case "tRow" -> tRow;
      case "writePorts" -> writePorts;
      case "bwDram" -> bwDram;
      case "eDram" -> eDram;
      case "eStep" -> eStep;
      case "eRow" -> eRow;
      case "pStatic" -> pStatic;
      case "vecMacRate" -> vecMacRate;
      case "eVecMac" -> eVecMac;
      default -> throw new IllegalArgumentException("no hardware field " + field);
    };
  }
}
