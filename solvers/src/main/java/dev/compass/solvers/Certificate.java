package dev.compass.solvers;

import dev.compass.solvers.certificate.DualCertificate;
import java.util.List;
import java.util.Optional;

/**
 * What certifies a plan (FORMULATION.md §7): its objective recomputed by the cost model, the lower
 * bound and the method that proved it, and the result of an independent feasibility check.
 *
 * @param optimal true when an exact method proved the plan optimal (bound equals objective)
 * @param objectiveValue the objective recomputed by the cost model from the plan alone
 * @param lowerBound the proven lower bound ({@code -Infinity}/0 if none)
 * @param method what proved it, e.g. {@code "dynamic program over unit positions"}
 * @param feasible result of {@link Certifier#check}
 * @param problems what the feasibility check found (empty when feasible)
 * @param dual the checkable proof of optimality (potentials, {@code dev.compass.solvers.certificate}); empty when the
 *     solver did not prove the plan optimal or cannot produce one
 */
public record Certificate(
    boolean optimal, double objectiveValue, double lowerBound, String method, boolean feasible, List<String> problems,
    Optional<DualCertificate> dual) {

  public Certificate {
    problems = List.copyOf(problems);
    if (dual == null) dual = Optional.empty();
  }

  /** A certificate without a dual proof. */
  public Certificate(boolean optimal, double objectiveValue, double lowerBound, String method, boolean feasible, List<String> problems) {
    this(optimal, objectiveValue, lowerBound, method, feasible, problems, Optional.empty());
  }
}
