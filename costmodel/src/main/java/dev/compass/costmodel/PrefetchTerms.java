package dev.compass.costmodel;

/**
 * One partition's times under weight prefetch (FORMULATION.md §9), given its neighbours in the plan.
 * See {@link PairCost} for the formulas.
 *
 * @param used capacity the partition uses, {@code u} (arrays under ARRAY, cores under CORE)
 * @param earlyFraction {@code phi(prev, this)}: the fraction of this partition's weights written while
 *     the previous partition computed (0 for the first partition, or without prefetch)
 * @param exposedWriteSeconds {@code W(this | prev) = (1 - phi) * T_write}: the write phase that
 *     remains before this partition computes
 * @param hiddenWriteSeconds {@code phi * T_write}: the write time of the early part, done during the
 *     previous partition's compute phase
 * @param computePhaseSeconds {@code C(this | next)}: the compute phase, carrying the next partition's
 *     early writes
 * @param stretchSeconds how much the next partition's early writes lengthen the compute phase:
 *     {@code C(this | next) - max(T_compute, bytesIO / bwDram)} (0 if they hide completely)
 * @param latencySeconds {@code W(this | prev) + C(this | next)}
 * @param staticEnergy {@code pStatic * latencySeconds}
 */
public record PrefetchTerms(
    long used,
    double earlyFraction,
    double exposedWriteSeconds,
    double hiddenWriteSeconds,
    double computePhaseSeconds,
    double stretchSeconds,
    double latencySeconds,
    double staticEnergy) {}
