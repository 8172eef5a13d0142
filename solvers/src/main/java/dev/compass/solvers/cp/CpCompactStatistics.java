package dev.compass.solvers.cp;

import dev.compass.solvers.SolverStatistics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code cp-compact} ({@link CpSolver}) counted.
 *
 * @param units units of the network on the chip
 * @param candidateTargets distinct candidate bottleneck targets {@code M}
 * @param variables Choco variables of the searched model (0 if it was not built)
 * @param constraints Choco constraints of the searched model
 * @param nodes search nodes, both phases, all workers
 * @param fails failures, both phases, all workers
 * @param lnsPhase true if the large neighbourhood phase ran
 * @param solutions plans found and re-evaluated by the cost model
 * @param workers Choco workers
 * @param timeQuantumSeconds seconds per time unit {@code q}
 * @param energyQuantumJoules joules per energy unit {@code qE}
 * @param searchSeconds wall-clock seconds of the search (after setup)
 * @param proven true if the complete search ended
 * @param rootBound the lower bound after root propagation, in objective units ({@code offset + quantum * Z_lb},
 *     rounded down); the root gap is {@code (objective - rootBound) / objective}
 * @param error why nothing was searched, if so: Choco refused the model, or the time limit passed while it was built
 */
public record CpCompactStatistics(int units, int candidateTargets, int variables, int constraints, long nodes, long fails,
    boolean lnsPhase, int solutions, int workers, double timeQuantumSeconds, double energyQuantumJoules, double searchSeconds,
    boolean proven, double rootBound, Optional<String> error) implements SolverStatistics {

  /** Statistics of a model that was not searched (Choco refused it, or the time limit passed while it was built). */
  static CpCompactStatistics refused(int units, String error) {
    return new CpCompactStatistics(units, 0, 0, 0, 0, 0, false, 0, 0, Double.NaN, Double.NaN, 0, false, Double.NEGATIVE_INFINITY,
        Optional.of(error));
  }

  @Override
  public Map<String, Object> asMap() {
    if (error.isPresent()) return SolverStatistics.named("units", units, "error", error.get());
    Map<String, Object> m = new LinkedHashMap<>(SolverStatistics.named("units", units, "candidateTargets", candidateTargets,
        "variables", variables, "constraints", constraints, "nodes", nodes, "fails", fails, "lnsPhase", lnsPhase,
        "solutions", solutions, "workers", workers, "timeQuantumSeconds", timeQuantumSeconds,
        "energyQuantumJoules", energyQuantumJoules, "searchSeconds", searchSeconds, "proven", proven));
    m.put("rootBound", rootBound);
    return m;
  }
}
