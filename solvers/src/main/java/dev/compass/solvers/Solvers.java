package dev.compass.solvers;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.InputException;
import dev.compass.formulation.plan.Objective;
import dev.compass.solvers.baseline.GreedySolver;
import dev.compass.solvers.baseline.LayerwiseSolver;
import dev.compass.solvers.brute.BruteForceSolver;
import dev.compass.solvers.cp.CostRegularSolver;
import dev.compass.solvers.cp.CpSolver;
import dev.compass.solvers.dp.DpSolver;
import dev.compass.solvers.genetic.GeneticSolver;
import dev.compass.solvers.ilp.CompactIlpSolver;
import dev.compass.solvers.ilp.PathIlpSolver;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The registry of solvers by command-line name. */
public final class Solvers {
  private static final Map<String, Supplier<PartitionSolver>> REGISTRY = new LinkedHashMap<>();

  static {
    REGISTRY.put("dp", DpSolver::new);
    REGISTRY.put("greedy", GreedySolver::new);
    REGISTRY.put("layerwise", LayerwiseSolver::new);
    REGISTRY.put("genetic", GeneticSolver::new);
    REGISTRY.put("ilp-path", PathIlpSolver::new);
    REGISTRY.put("ilp-path-scip", PathIlpSolver::scip);
    REGISTRY.put("lp-path", PathIlpSolver::lp);
    REGISTRY.put("ilp-compact", CompactIlpSolver::new);
    REGISTRY.put("cp", CostRegularSolver::new);
    REGISTRY.put("cp-compact", CpSolver::new);
    REGISTRY.put("brute", BruteForceSolver::new);
  }

  private Solvers() {}

  /** Solver names in registration order. */
  public static List<String> names() {
    return List.copyOf(REGISTRY.keySet());
  }

  /**
   * The solver registered under {@code name}. A solver that does not model weight prefetch
   * ({@link PartitionSolver#supportsPrefetch()} false) comes guarded: on a chip with
   * {@code prefetch = true} its {@code solve} throws an {@link InputException} naming the solver, the
   * chip and the solvers that do, instead of optimizing the wrong model.
   */
  public static PartitionSolver get(String name) {
    Supplier<PartitionSolver> s = REGISTRY.get(name);
    if (s == null) throw new InputException("solver", "unknown solver '" + name + "'; solvers: " + String.join(", ", REGISTRY.keySet()));
    PartitionSolver solver = s.get();
    return solver.supportsPrefetch() ? solver : new PrefetchGuard(solver);
  }

  /** The registered solvers that model weight prefetch (FORMULATION.md §9). */
  public static List<String> prefetchSolvers() {
    return REGISTRY.entrySet().stream().filter(e -> e.getValue().get().supportsPrefetch()).map(Map.Entry::getKey).toList();
  }

  /** Refuses a solver without prefetch support on a prefetch chip; delegates otherwise. */
  private record PrefetchGuard(PartitionSolver solver) implements PartitionSolver {
    @Override public String name() { return solver.name(); }
    @Override public boolean exact() { return solver.exact(); }

    @Override
    public SolverResult solve(CostModel model, Objective objective, SolverOptions options) {
      if (model.hardware().prefetch()) {
        throw new InputException("solver " + solver.name(), "does not model weight prefetch (FORMULATION.md §9), and hardware '"
            + model.hardware().name() + "' has prefetch = true; solvers that do: " + String.join(", ", prefetchSolvers())
            + " (or use a hardware file with \"prefetch\": false)");
      }
      return solver.solve(model, objective, options);
    }
  }
}
