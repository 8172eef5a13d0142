package dev.compass.bench.cli;

import dev.compass.formulation.plan.Objective;
import picocli.CommandLine.Option;

/** {@code --batch} and {@code --objective}, shared by the commands that score plans. */
public final class ProblemOptions {
  @Option(names = "--batch", paramLabel = "B", defaultValue = "16", description = "Images per batch (default: ${DEFAULT-VALUE}).")
  int batch = 16;

  @Option(names = "--objective", paramLabel = "O", defaultValue = "latency",
      description = "latency, energy, edp or weighted:LAMBDA (default: ${DEFAULT-VALUE}).")
  String objective = "latency";

  public int batch() {
    if (batch < 1) throw new dev.compass.formulation.InputException("--batch", "must be >= 1, got " + batch);
    return batch;
  }

  public Objective objective() {
    return Objective.parse(objective);
  }
}
