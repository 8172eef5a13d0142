/**
 * Exact integer-programming formulations of the partitioning problem (FORMULATION.md §4–5), solved
 * with OR-Tools (CP-SAT, and SCIP through MPSolver).
 *
 * <ul>
 *   <li>{@link dev.compass.solvers.ilp.PathIlpSolver} ({@code ilp-path}, {@code ilp-path-scip}): a
 *       shortest-path model over (valid range, bottleneck target) columns.
 *   <li>{@link dev.compass.solvers.ilp.CompactIlpSolver} ({@code ilp-compact}): cut variables,
 *       per-unit replication levels and running per-partition sums; it never enumerates ranges.
 * </ul>
 *
 * EDP is solved by the supported-point search over each model's linear objective
 * ({@code IlpDriver}). Results are OPTIMAL only when the solver proved the bound within the stated
 * tolerance. OR-Tools' native libraries are loaded once per JVM. See {@code docs/ilp.md}.
 */
package dev.compass.solvers.ilp;
