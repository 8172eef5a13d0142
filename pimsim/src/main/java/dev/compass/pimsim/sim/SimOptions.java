package dev.compass.pimsim.sim;

import dev.compass.formulation.InputException;

/**
 * Simulator settings.
 *
 * @param segments {@code K}: each stage computes an image in {@code min(K, ceil(P/d))} equal
 *     segments, and each load and store of an image moves in {@code K} (loads) or one-per-segment
 *     (stores) equal chunks, so DRAM traffic streams under the computation of the same image instead
 *     of preceding and following it. Stages still hand an image to each other whole. {@code 1}
 *     gives whole-image transfers; larger values approach the fluid overlap the analytical model
 *     assumes, at {@code K} times the events. Default {@link #DEFAULT_SEGMENTS}.
 * @param portsPerCore {@code false} (default): the {@code writePorts} ports are a chip-wide pool and
 *     any port writes any row of any array, one row ({@code tRow}) at a time, as FORMULATION.md §1
 *     states it. {@code true}: ports belong to cores
 *     (with {@code writePorts >= N_c}, core {@code c} owns ports {@code c, c + N_c, ...}; with fewer
 *     ports, core {@code c} shares port {@code c mod writePorts}); each core's rows go through its
 *     ports, row by row as in the pool, so placement matters: a partition
 *     whose arrays sit on few cores writes through few ports.
 * @param vectorUnitPerStage {@code false} (default): the chip has one vector unit of
 *     {@code vecMacRate} (FORMULATION.md §8.1), serving attention work in request order. {@code
 *     true}: every stage gets a vector unit of its own at the full rate, the version-1 cost model's
 *     assumption (v1 added a stage's attention time to that stage's {@code t_s} only; v2's
 *     {@code V} is the one unit). Not a chip anyone specified: a diagnostic for effect 5 of
 *     docs/pimsim.md.
 */
public record SimOptions(int segments, boolean portsPerCore, boolean vectorUnitPerStage) {
  /** Default segments per (image, stage): 64 (see docs/pimsim.md for the choice). */
  public static final int DEFAULT_SEGMENTS = 64;

  public static final SimOptions DEFAULT = new SimOptions(DEFAULT_SEGMENTS, false, false);

  /** {@code segments} per (image, stage), chip-wide write ports, one vector unit. */
  public SimOptions(int segments) {
    this(segments, false, false);
  }

  /** {@code segments} per (image, stage), the write-port model, one vector unit. */
  public SimOptions(int segments, boolean portsPerCore) {
    this(segments, portsPerCore, false);
  }

  public SimOptions {
    if (segments < 1 || segments > 1 << 16) {
      throw new InputException("segments", "must be 1..65536 segments per (image, stage), got " + segments);
    }
  }
}
