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
 */
public record SimOptions(int segments) {
  /** Default segments per (image, stage): 16 (see docs/pimsim.md for the choice). */
  public static final int DEFAULT_SEGMENTS = 16;

  public static final SimOptions DEFAULT = new SimOptions(DEFAULT_SEGMENTS);

  public SimOptions {
    if (segments < 1 || segments > 1 << 16) {
      throw new InputException("segments", "must be 1..65536 segments per (image, stage), got " + segments);
    }
  }
}
