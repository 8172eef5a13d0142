package dev.compass.solvers;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.plan.Objective;
import dev.compass.solvers.dp.DpSolver;

/**
 * The entry point for library users: a network, a chip, a batch size and an objective in; a
 * certified-optimal plan out.
 *
 * <pre>{@code
 * SolverResult r = Compass.optimize(network, HardwarePresets.get("compass-m"), 16, Objective.EDP);
 * r.certificate().orElseThrow().optimal();   // true: proven by the dynamic program
 * r.plan();                                  // partitions and replication
 * r.cost().orElseThrow().throughput();       // images per second
 * }</pre>
 *
 * <p>Thread-safe: {@link #optimize} and {@link #solve} may be called from many threads at once (each
 * call builds its own cost model and solver; the solvers keep no state between calls), and a seeded
 * solve gives the same result on any thread (ConcurrencyTest in src/test).
 */
public final class Compass {
  private Compass() {}

  /** The certified optimum over FORMULATION.md §4's plan space, by the exact dynamic program. */
  public static SolverResult optimize(Network network, HardwareSpec hardware, int batch, Objective objective) {
    return new DpSolver().solve(CostModel.of(network, hardware, batch), objective, SolverOptions.DEFAULT);
  }

  /** Any registered solver by name (see {@link Solvers}). */
  public static SolverResult solve(String solver, Network network, HardwareSpec hardware, int batch, Objective objective,
      SolverOptions options) {
    return Solvers.get(solver).solve(CostModel.of(network, hardware, batch), objective, options);
  }
}
