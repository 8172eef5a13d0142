/**
 * The comparison workbench behind {@code compass compare} and {@code compass sweep}: a grid of
 * instances (model x hardware x batch x objective) solved by every registered solver in parallel
 * ({@link dev.compass.bench.workbench.Harness}), one {@link dev.compass.bench.workbench.ResultRow}
 * per (instance, solver), the derived per-instance figures (gap to the proven optimum, roofline
 * bound, ratios to the baselines beside the paper's, {@link dev.compass.bench.workbench.InstanceSummary}),
 * and the outputs {@code results.csv}, {@code results.json} and {@code report.html}
 * ({@link dev.compass.bench.workbench.Outputs}), each written whole or not at all.
 */
package dev.compass.bench.workbench;
