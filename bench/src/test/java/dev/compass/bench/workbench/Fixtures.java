package dev.compass.bench.workbench;

import dev.compass.bench.models.ModelResolver;
import dev.compass.formulation.hardware.HardwarePresets;
import java.util.List;

/** The tiny grid of the workbench tests: squeezenet1_0 on compass-s, batch 16, dp/greedy/layerwise. */
final class Fixtures {
  private Fixtures() {}

  static final List<String> SOLVERS = List.of("dp", "greedy", "layerwise");

  static Problems problems() {
    return new Problems(ModelResolver::resolve, HardwarePresets::get);
  }

  static Grid grid(String... objectives) {
    return new Grid(List.of("squeezenet1_0"), List.of("compass-s"), List.of(16), List.of(objectives), SOLVERS);
  }

  static Harness.Settings settings() {
    return Harness.Settings.of(5, 1, 1, 2);
  }

  /** The rows of the tiny grid for {@code objectives}, solved by the registered solvers. */
  static List<ResultRow> solve(Problems p, String... objectives) {
    return new Harness(p, SimulatorHook.NONE, settings(), Harness.Listener.NONE).run(grid(objectives), java.util.Set.of());
  }
}
