package dev.compass.bench.workbench;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.plan.PartitionPlan;
import java.util.Optional;

/**
 * Where the workbench asks a simulator for a plan's measured latency and energy. The default
 * {@link #NONE} simulates nothing (the simulator columns then read {@code n/a}); the simulator
 * module plugs in with, e.g.,
 *
 * <pre>{@code
 * SimulatorHook pimsim = (model, plan) -> {
 *   SimResult r = PimSim.simulate(PimSim.compile(model.mapping(), plan), model.batch());
 *   return Optional.of(new SimulatorHook.Measured(r.latencySeconds(), r.energyJoules()));
 * };
 * }</pre>
 *
 * Implementations must be thread-safe: the harness calls them from several threads.
 */
@FunctionalInterface
public interface SimulatorHook {
  /** No simulator: every plan's simulator columns are {@code n/a}. */
  SimulatorHook NONE = (model, plan) -> Optional.empty();

  /**
   * A simulator's measurement of a plan.
   *
   * @param latencySeconds simulated batch latency
   * @param energyJoules simulated energy ({@code NaN} if not measured)
   */
  record Measured(double latencySeconds, double energyJoules) {}

  /** The simulator plugged in through {@link java.util.ServiceLoader} (the first provider), or {@link #NONE}. */
  static SimulatorHook loaded() {
    for (SimulatorHook h : java.util.ServiceLoader.load(SimulatorHook.class)) return h;
    return NONE;
  }

  /** Simulates {@code plan} on the instance of {@code model} (its network, chip and batch); empty if not simulated. */
  Optional<Measured> simulate(CostModel model, PartitionPlan plan);
}
