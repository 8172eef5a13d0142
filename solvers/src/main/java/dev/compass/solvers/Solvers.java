package dev.compass.solvers;

import dev.compass.formulation.InputException;
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

  public static PartitionSolver get(String name) {
    Supplier<PartitionSolver> s = REGISTRY.get(name);
    if (s == null) throw new InputException("solver", "unknown solver '" + name + "'; solvers: " + String.join(", ", REGISTRY.keySet()));
    return s.get();
  }
}
