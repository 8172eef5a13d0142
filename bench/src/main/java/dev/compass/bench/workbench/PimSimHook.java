package dev.compass.bench.workbench;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.plan.PartitionPlan;
import dev.compass.pimsim.PimSim;
import dev.compass.pimsim.sim.SimResult;
import java.util.Optional;

/**
 * The workbench's simulator: compiles each plan with {@code pimsim} and simulates it at the
 * instance's batch size (default options). Registered through {@code META-INF/services}.
 */
public final class PimSimHook implements SimulatorHook {
  @Override
  public Optional<Measured> simulate(CostModel model, PartitionPlan plan) {
    SimResult r = PimSim.simulate(PimSim.compile(model.mapping(), plan), model.batch());
    return Optional.of(new Measured(r.latencySeconds(), r.energyJoules()));
  }
}
