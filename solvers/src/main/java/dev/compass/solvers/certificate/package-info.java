/**
 * Optimality certificates that anyone can check without a solver (FORMULATION.md §7, issue 13).
 *
 * <p>A plan is a path from unit position 0 to {@code U} whose arcs are the candidates (valid range
 * {@code i..j}, bottleneck target {@code tau}) of §4, each costing {@code alpha*T + beta*E}. A
 * {@link dev.compass.solvers.certificate.Facet} holds potentials {@code pi_0..pi_U} with
 * {@code pi_(j+1) - pi_i <= alpha*T(i..j,tau) + beta*E(i..j,tau)} for every candidate; summing
 * along any plan gives {@code alpha*T + beta*E >= pi_U - pi_0} (LP weak duality for the path
 * model). One facet with the objective's weights proves an additive objective; for EDP, facets of
 * several weightings bound the plans' {@code (T, E)} points from below by a polyhedron on which
 * {@code E*T} is least at a vertex. {@link dev.compass.solvers.certificate.CertificateChecker}
 * enumerates every candidate from the cost model itself and checks the inequalities;
 * {@link dev.compass.solvers.certificate.CertificateJson} reads and writes the file format of
 * {@code docs/formats.md}.
 */
package dev.compass.solvers.certificate;
