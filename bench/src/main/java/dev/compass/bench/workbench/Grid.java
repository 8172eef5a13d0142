package dev.compass.bench.workbench;

import java.util.ArrayList;
import java.util.List;

/**
 * A grid of instances: every combination of models x hardware x batch sizes x objectives, each
 * solved by every solver in {@code solvers}.
 */
public record Grid(List<String> models, List<String> hardware, List<Integer> batches, List<String> objectives,
    List<String> solvers) {

  public Grid {
    models = List.copyOf(models);
    hardware = List.copyOf(hardware);
    batches = List.copyOf(batches);
    objectives = List.copyOf(objectives);
    solvers = List.copyOf(solvers);
    if (models.isEmpty() || hardware.isEmpty() || batches.isEmpty() || objectives.isEmpty() || solvers.isEmpty()) {
      throw new IllegalArgumentException("every dimension of the grid needs at least one value");
    }
  }

  /** The instances in grid order (model, then hardware, then batch, then objective). */
  public List<Instance> instances() {
    List<Instance> out = new ArrayList<>();
    for (String m : models) for (String h : hardware) for (int b : batches) for (String o : objectives) out.add(new Instance(m, h, b, o));
    return List.copyOf(out);
  }

  /** The cells in grid order: each instance (in {@link #instances()} order) with each solver in turn. */
  public List<Cell> cells() {
    List<Cell> out = new ArrayList<>();
    for (Instance i : instances()) for (String s : solvers) out.add(new Cell(i, s));
    return List.copyOf(out);
  }

  /** Number of (instance, solver) rows. */
  public int size() {
    return models.size() * hardware.size() * batches.size() * objectives.size() * solvers.size();
  }
}
