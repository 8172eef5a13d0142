package dev.compass.solvers.certificate;

import java.util.Optional;

/**
 * What {@link CertificateChecker#check} found.
 *
 * @param optimal true when the plan is feasible and its objective is within the tolerance of the certified lower bound
 * @param planValue the plan's objective, recomputed by the cost model ({@code NaN} if the plan is infeasible)
 * @param lowerBound the lower bound on every plan's objective that the certificate proves (after violations are charged)
 * @param relativeGap {@code (planValue - lowerBound) / planValue} ({@code NaN} if the plan is infeasible)
 * @param inequalities number of candidate inequalities checked (candidates times facets)
 * @param violation the first violated inequality or the failed identity (empty when {@code optimal})
 */
public record Verdict(boolean optimal, double planValue, double lowerBound, double relativeGap, long inequalities,
    Optional<String> violation) {}
