package dev.compass.bench.workbench;

/**
 * One cell of a grid: an instance solved by one solver, the unit of work of a sweep (a row of
 * {@code results.csv} once solved).
 *
 * @param instance model, hardware, batch, objective
 * @param solver solver name
 */
public record Cell(Instance instance, String solver) {
  public Cell {
    if (instance == null) throw new IllegalArgumentException("instance is null");
    if (solver == null || solver.isBlank()) throw new IllegalArgumentException("solver is empty");
  }

  /** The resume key, as {@link ResultRow#key()}. */
  public String key() {
    return instance.key(solver);
  }

  /** {@code resnet18/compass-m/B16/latency dp}. */
  public String label() {
    return instance.label() + " " + solver;
  }
}
