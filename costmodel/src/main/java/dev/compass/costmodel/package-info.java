/**
 * The shared analytical cost model (FORMULATION.md §4–5, docs/MODEL.md): validity, the replication
 * plan space and its exact scan over bottleneck targets, write and compute times, activation traffic,
 * energy, and the four objectives. Every solver optimizes it; {@code pimsim} checks it.
 *
 * <p>{@link dev.compass.costmodel.CostModel} holds the per-unit and per-stage tables computed once per
 * (network, hardware, batch); {@link dev.compass.costmodel.RangeScanner} evaluates unit ranges without
 * allocating; {@link dev.compass.costmodel.CostModel#evaluate(dev.compass.formulation.plan.PartitionPlan)}
 * evaluates any plan, any replication vector, with a full breakdown.
 */
package dev.compass.costmodel;
