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

  /**
   * Whether a solve stopped by its time limit still returns a plan and a lower bound (a MIP or CP search: its incumbent
   * and its bound). EDP's supported-point search then gives the two extreme solves a share of the budget, so that both
   * {@code LB(T)} and {@code LB(E)} exist; a formulation without (an LP solved by the simplex, all or nothing) gets the
   * whole budget left for every solve instead.
   */
  default boolean anytime() {
    return true;
  }
}
