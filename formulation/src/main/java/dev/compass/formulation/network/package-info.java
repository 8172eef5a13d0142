/**
 * Networks: tensors with static per-image shapes and operators in a topological (linear) order.
 *
 * <p>Weighted operators ({@link dev.compass.formulation.network.Conv},
 * {@link dev.compass.formulation.network.Dense}) hold a constant weight matrix and run on crossbars.
 * {@link dev.compass.formulation.network.VectorOp}s run on the vector units (attention products
 * carry their MACs), {@link dev.compass.formulation.network.View}s move no data.
 */
package dev.compass.formulation.network;
