package dev.compass.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.pimsim.sim.ScheduleBound;
import java.util.Locale;

/**
 * The latency rule of the verification suites (docs/pimsim.md, "Verification against the cost
 * model"), the same in every suite:
 *
 * <ol>
 *   <li>no simulated run beats {@link ScheduleBound}, the lower bound on any execution of the same
 *       program (it would break a rule of the machine);
 *   <li>the simulated latency is within {@link #TOL} (5%) of the model's, above or below.
 * </ol>
 *
 * There is no exemption: where the bound itself is more than 5% above the model, no execution can
 * reach the model and the check fails with the bound's numbers (a finding about the contract, which
 * the message says).
 */
final class LatencyRule {
  private LatencyRule() {}

  static final double TOL = 0.05;
  /** The simulator's partition times are differences on one clock over the whole plan. */
  static final double CLOCK_REL = 1e-9;

  static void check(String at, double model, double sim, ScheduleBound.Bound bound, String detail) {
    double lb = bound.latencySeconds();
    String numbers = String.format(Locale.ROOT, "%s: simulated %.6g s, model %.6g s (%+.2f%%), bound %.6g s (%+.2f%% of the model%s)%n%s",
        at, sim, model, 100 * (sim / model - 1), lb, 100 * (lb / model - 1),
        lb > model * (1 + TOL) ? ": no execution comes within 5% of the model, a term the contract leaves out" : "", detail);
    assertThat(sim).as("the simulator beats the bound on any execution: %s", numbers).isGreaterThanOrEqualTo(lb * (1 - CLOCK_REL));
    assertThat(sim).as("more than 5%% below the model: %s", numbers).isGreaterThanOrEqualTo(model * (1 - TOL));
    assertThat(sim).as("more than 5%% above the model: %s", numbers).isLessThanOrEqualTo(model * (1 + TOL));
  }
}
