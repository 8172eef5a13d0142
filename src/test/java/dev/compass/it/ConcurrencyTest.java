package dev.compass.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.io.Json;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.zoo.ModelZoo;
import dev.compass.solvers.Compass;
import dev.compass.solvers.PartitionSolver;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.Solvers;
import dev.compass.solvers.genetic.GeneticSolver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, item 7: library users call {@link Compass#optimize} from many threads and {@code compare}
 * solves in parallel. The same solves run sequentially and then concurrently (8 solves on 4 threads,
 * twice over, with the cost models shared between threads) must give exactly the same results:
 * status, plan, and objective value bit for bit. The solvers run to completion (exact solvers prove
 * optimality on these instances well inside their limits; the genetic solver is seeded and stops by
 * generations), so no result depends on the machine's load.
 */
class ConcurrencyTest {
  /** One solve: a solver (a fresh instance per call) on a shared cost model. */
  record Job(String name, Supplier<PartitionSolver> solver, CostModel model, Objective objective) {
    String run() {
      SolverResult r = solver.get().solve(model, objective, SolverOptions.DEFAULT.withTimeLimit(120));
      return name + ": " + r.status() + " " + Double.doubleToLongBits(r.objectiveValue()) + " " + r.objectiveValue()
          + " " + r.cost().map(c -> c.plan().toString()).orElse("no plan");
    }
  }

  private static List<Job> jobs() {
    Path examples = Path.of("..", "..", "docs", "examples");
    CostModel example = CostModel.of(Json.readNetwork(examples.resolve("network.json")),
        Json.readHardware(examples.resolve("hardware.json")), 4);
    CostModel resnet18 = CostModel.of(ModelZoo.build("resnet18"), HardwarePresets.get("compass-s"), 16);
    CostModel squeezenet = CostModel.of(ModelZoo.build("squeezenet1_0"), HardwarePresets.get("compass-m"), 16);
    Supplier<PartitionSolver> genetic = () -> new GeneticSolver(GeneticSolver.Config.DEFAULT
        .withSeed(7).withGenerations(15).withTimeLimit(0));
    return List.of(
        new Job("dp resnet18 latency", () -> Solvers.get("dp"), resnet18, Objective.LATENCY),
        new Job("dp squeezenet edp", () -> Solvers.get("dp"), squeezenet, Objective.EDP),
        new Job("greedy resnet18 energy", () -> Solvers.get("greedy"), resnet18, Objective.ENERGY),
        new Job("genetic squeezenet latency", genetic, squeezenet, Objective.LATENCY),
        new Job("genetic resnet18 edp", genetic, resnet18, Objective.EDP),
        new Job("ilp-path example latency", () -> Solvers.get("ilp-path"), example, Objective.LATENCY),
        new Job("cp example latency", () -> Solvers.get("cp"), example, Objective.LATENCY),
        new Job("cp example energy", () -> Solvers.get("cp"), example, Objective.ENERGY));
  }

  @Test
  void concurrentSolvesGiveExactlyTheSequentialResults() throws Exception {
    List<Job> jobs = jobs();
    List<String> sequential = new ArrayList<>();
    for (Job j : jobs) sequential.add(j.run());
    assertThat(sequential).allSatisfy(s -> assertThat(s).doesNotContain("no plan"));

    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 2; round++) {
        List<Future<String>> futures = new ArrayList<>();
        for (Job j : jobs) futures.add(pool.submit(j::run));
        List<String> concurrent = new ArrayList<>();
        for (Future<String> f : futures) concurrent.add(f.get());
        assertThat(concurrent).as("round " + round).containsExactlyElementsOf(sequential);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void compassOptimizeFromManyThreadsAgreesWithOneThread() throws Exception {
    var net = ModelZoo.build("resnet18");
    var hw = HardwarePresets.get("compass-m");
    String expected = Compass.optimize(net, hw, 16, Objective.EDP).plan().toString();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> futures = new ArrayList<>();
      for (int k = 0; k < 8; k++) futures.add(pool.submit(() -> Compass.optimize(net, hw, 16, Objective.EDP).plan().toString()));
      for (Future<String> f : futures) assertThat(f.get()).isEqualTo(expected);
    } finally {
      pool.shutdownNow();
    }
  }
}
