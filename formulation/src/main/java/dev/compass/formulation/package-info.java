/**
 * The problem that every part of compass shares (FORMULATION.md): the network as a DAG of operators
 * over static-shaped tensors ({@link dev.compass.formulation.network}), the accelerator
 * ({@link dev.compass.formulation.hardware}), objectives and partition plans
 * ({@link dev.compass.formulation.plan}), and what a plan's unit numbers mean: the stage graph
 * ({@link dev.compass.formulation.graph}) and the mapping of stages onto crossbar arrays
 * ({@link dev.compass.formulation.mapping}). No costs live here: times, energies and objectives are
 * in the {@code costmodel} module, so that {@code pimsim} can use this structure and check them.
 */
package dev.compass.formulation;
