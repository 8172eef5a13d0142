package dev.compass.solvers.ilp;

/**
 * A formulation that minimizes {@code alpha*T + beta*E} ({@code alpha, beta >= 0}) within a time limit; {@link IlpDriver} turns it
 * into a result for any objective (EDP by the supported-point search). Public so that the CP solvers share it.
 */
public interface WeightedFormulation {
  /**
   * @param seconds time limit for this solve ({@code <= 0}: none)
   */
  Weighted solve(double alpha, double beta, double seconds);

  /** Relative tolerance of an OPTIMAL answer: {@code (value - bound) / value <= tolerance()}. */
  double tolerance();
}
