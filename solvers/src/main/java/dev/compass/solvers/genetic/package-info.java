/**
 * The genetic algorithm of COMPASS (DATE 2025, FORMULATION.md §6) on Jenetics: partitions are genes
 * ({@link dev.compass.solvers.genetic.PartitionGene}), partition groups are chromosomes
 * ({@link dev.compass.solvers.genetic.PartitionGroupChromosome}), four mutations act on partitions
 * (split, merge, shift, re-draw a window), invalid offspring are repaired, and the fitness is the
 * objective from the shared cost model with each partition's replication chosen exactly.
 * {@link dev.compass.solvers.genetic.GeneticSolver} is the solver ({@code genetic} on the command
 * line); {@link dev.compass.solvers.genetic.GeneticTrace} and
 * {@link dev.compass.solvers.genetic.TraceWriter} give its convergence trace. Jenetics types stay
 * inside this package's operators.
 */
package dev.compass.solvers.genetic;
