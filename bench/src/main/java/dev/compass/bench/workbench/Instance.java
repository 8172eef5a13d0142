package dev.compass.bench.workbench;

import dev.compass.formulation.plan.Objective;
import java.util.Locale;

/**
 * One problem of a grid: a model (zoo name or file), a hardware preset (or file), a batch size and an
 * objective (as {@link Objective#toString()} writes it).
 */
public record Instance(String model, String hardware, int batch, String objective) {
  public Instance {
    if (model == null || model.isBlank()) throw new IllegalArgumentException("model is empty");
    if (hardware == null || hardware.isBlank()) throw new IllegalArgumentException("hardware is empty");
    if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batch);
    objective = Objective.parse(objective).toString();
  }

  public Objective parsedObjective() {
    return Objective.parse(objective);
  }

  /** The (model, hardware, batch) part: instances sharing it share a cost model. */
  public String problemKey() {
    return model + "|" + hardware + "|" + batch;
  }

  /** The resume key of a row of this instance solved by {@code solver}. */
  public String key(String solver) {
    return problemKey() + "|" + objective + "|" + solver;
  }

  /** A short label for progress lines: {@code resnet18/compass-m/B16/latency}. */
  public String label() {
    return String.format(Locale.ROOT, "%s/%s/B%d/%s", model, hardware, batch, objective);
  }
}
