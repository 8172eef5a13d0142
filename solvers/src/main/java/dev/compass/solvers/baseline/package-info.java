/** The baselines of FORMULATION.md §6 and §8.11: greedy and layerwise cuts, then optimal replication. */
package dev.compass.solvers.baseline;
