package dev.compass.solvers.certificate;

import dev.compass.formulation.InputException;
import java.util.Arrays;

/**
 * Potentials proving {@code alpha*T + beta*E >= pi_U - pi_0} for every plan: one potential per unit
 * position {@code 0..U}, with {@code pi_(j+1) - pi_i <= alpha*T(c) + beta*E(c)} for every candidate
 * {@code c} = (valid range {@code i..j}, target) of FORMULATION.md §4.
 *
 * @param alpha weight of the latency, {@code >= 0}
 * @param beta weight of the energy, {@code >= 0} ({@code alpha + beta > 0})
 * @param potentials {@code pi_0..pi_U} (copied; finite)
 */
public record Facet(double alpha, double beta, double[] potentials) {
  public Facet {
    if (!(alpha >= 0) || !(beta >= 0) || alpha + beta == 0 || !Double.isFinite(alpha) || !Double.isFinite(beta)) {
      throw new InputException("alpha/beta", "must be finite, >= 0 and not both 0, got alpha = " + alpha + ", beta = " + beta);
    }
    potentials = potentials.clone();
    for (int v = 0; v < potentials.length; v++) {
      if (!Double.isFinite(potentials[v])) throw new InputException("potentials[" + v + "]", "must be a finite number, got " + potentials[v]);
    }
  }

  /** The potentials (a copy). */
  @Override
  public double[] potentials() {
    return potentials.clone();
  }

  /** {@code pi_v}. */
  public double potential(int v) {
    return potentials[v];
  }

  /** Number of potentials ({@code U + 1}). */
  public int size() {
    return potentials.length;
  }

  /** The bound {@code pi_U - pi_0} this facet claims (before any violation is accounted). */
  public double claimed() {
    return potentials[potentials.length - 1] - potentials[0];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Facet f && f.alpha == alpha && f.beta == beta && Arrays.equals(f.potentials, potentials);
  }

  @Override
  public int hashCode() {
    return 31 * Double.hashCode(alpha) + 17 * Double.hashCode(beta) + Arrays.hashCode(potentials);
  }

  @Override
  public String toString() {
    return "Facet[alpha=" + alpha + ", beta=" + beta + ", " + potentials.length + " potentials]";
  }
}
