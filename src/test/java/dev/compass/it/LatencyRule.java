package dev.compass.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.pimsim.sim.ScheduleBound;
import java.util.Locale;

/**
 * The latency rule of the verification suites (docs/pimsim.md, "Verification against the cost
 * model"). The simulator is checked against the cost model and against
 * {@link ScheduleBound}, a lower bound on any execution of the same program:
 *
 * <ol>
 *   <li>no simulated run beats the bound (it would break a rule of the machine);
 *   <li>the simulator is at most {@link #TOL} below the model;
 *   <li>the simulator is at most {@link #TOL} above {@code max(T_model, bound)}: within 10% of the
 *       model wherever an execution can get that close, and otherwise within 10% of the bound, which
 *       then proves that no execution can reach the model's latency (the model's formula leaves the
 *       excess out: effects 2 and 5 of docs/pimsim.md).
 * </ol>
 *
 * Where the bound is at or below the model, (2) and (3) are the plain "within 10% of the model".
 */
final class LatencyRule {
  private LatencyRule() {}

  static final double TOL = 0.10;
  /** The simulator's partition times are differences on one clock over the whole plan. */
  static final double CLOCK_REL = 1e-9;

  static void check(String at, double model, double sim, ScheduleBound.Bound bound, String detail) {
    double lb = bound.latencySeconds();
    String numbers = String.format(Locale.ROOT, "%s: simulated %.6g s, model %.6g s (%+.2f%%), bound %.6g s (%+.2f%% of the model)%n%s",
        at, sim, model, 100 * (sim / model - 1), lb, 100 * (lb / model - 1), detail);
    assertThat(sim).as("the simulator beats the bound on any execution: %s", numbers).isGreaterThanOrEqualTo(lb * (1 - CLOCK_REL));
    assertThat(sim).as("more than 10%% below the model: %s", numbers).isGreaterThanOrEqualTo(model * (1 - TOL));
    assertThat(sim).as("more than 10%% above max(model, bound): %s", numbers).isLessThanOrEqualTo(Math.max(model, lb) * (1 + TOL));
  }
}
