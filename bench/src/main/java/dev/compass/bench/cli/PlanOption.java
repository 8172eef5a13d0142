package dev.compass.bench.cli;

import dev.compass.formulation.InputException;
import dev.compass.formulation.io.Json;
import dev.compass.formulation.plan.PartitionPlan;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** The required {@code --plan FILE} option of {@code evaluate}, {@code compile} and {@code simulate}. */
public final class PlanOption {
  @Option(names = "--plan", paramLabel = "FILE", required = true, description = "Plan JSON (e.g. written by 'partition --out').")
  Path file;

  /** The plan file, for error messages. */
  public Path file() {
    return file;
  }

  /** The plan, read strictly (errors name the file and the path inside it). */
  public PartitionPlan read() {
    return Json.readPlan(file);
  }

  /** Runs a step on the plan (evaluate, compile, simulate), naming the plan file in its input errors. */
  public <T> T located(Supplier<T> step) {
    try {
      return step.get();
    } catch (InputException e) {
      throw e.in(file.toString());
    }
  }
}
