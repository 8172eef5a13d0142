package dev.compass.bench.workbench;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Solves a sweep's cells somewhere else than this JVM's thread pool: {@code compass sweep --spark
 * MASTER} runs them as Spark tasks. Implementations are found through {@link ServiceLoader} (the
 * Spark one lives in the {@code spark} Maven profile's module, {@code bench/spark}, and is not in
 * the default jar).
 *
 * <p>Contract: every cell gets exactly one row. A cell whose solver throws, hangs or whose task
 * dies (a lost executor, a crash of native code) is an {@code ERROR} or {@code TIMEOUT} row with
 * the reason in {@code error}; it never ends the run. {@link Harness.Listener#finished} is called
 * on the calling thread or one thread at a time, as each row arrives, so that the caller can show
 * progress and checkpoint {@code results.csv}.
 */
public interface GridRunner {
  /** The runner's name: {@code spark}. */
  String name();

  /**
   * Solves {@code cells}.
   *
   * @param master where to run (for Spark: {@code local[N]}, {@code spark://host:port}, {@code yarn}, {@code k8s://...},
   *     or {@code submit} for the master that {@code spark-submit} was given)
   * @param cells the cells to solve
   * @param problems the networks and chips the cells name
   * @param settings time limit, workers, seed; {@code threads} is ignored (the cluster's slots decide)
   * @param listener hears of each finished row
   * @return one row per cell, in the order of {@code cells}
   */
  List<ResultRow> run(String master, List<Cell> cells, ProblemTexts problems, Harness.Settings settings, Harness.Listener listener);

  /** The runner named {@code name} on the class path, if any. */
  static Optional<GridRunner> find(String name) {
    for (GridRunner r : ServiceLoader.load(GridRunner.class)) if (r.name().equals(name)) return Optional.of(r);
    return Optional.empty();
  }
}
