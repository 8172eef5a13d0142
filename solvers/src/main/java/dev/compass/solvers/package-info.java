/**
 * Partition solvers behind one interface, {@link dev.compass.solvers.PartitionSolver}: the exact
 * dynamic program ({@code dp}), the baselines ({@code baseline}: greedy, layerwise), brute force for
 * tests ({@code brute}), and (in their own packages) the ILP, CP and genetic solvers. Every solver
 * scores plans with the shared {@link dev.compass.costmodel.CostModel}; results carry a
 * {@link dev.compass.solvers.Certificate} checked independently by {@link dev.compass.solvers.Certifier}.
 * {@link dev.compass.solvers.Compass} is the entry point for library users.
 */
package dev.compass.solvers;
