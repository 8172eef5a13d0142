/**
 * The constraint-programming solver ({@code cp}, Choco 4.10): a CP model of the compact formulation
 * (cut and target-index variables per unit, element constraints for the replication a target implies,
 * running capacity sums, maxima for bottlenecks and fill, a scaled product for EDP), re-evaluated by
 * the cost model and certified. Choco imports stay inside this package. See {@code docs/cp.md}.
 */
package dev.compass.solvers.cp;
