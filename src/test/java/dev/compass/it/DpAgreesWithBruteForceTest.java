package dev.compass.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PartitionCost;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.network.NetworkBuilder;
import dev.compass.formulation.plan.Objective;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.Status;
import dev.compass.solvers.brute.BruteForceSolver;
import dev.compass.solvers.dp.DpSolver;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The DP's optimum equals brute force over all cut sets and targets, on seeded random small
 * networks and chips, for every objective, ARRAY and CORE, several batch sizes; and on small
 * transformer blocks at batch 1 and 4 where version 2's terms bind (attention stages sharing the
 * vector unit, first-image loads from a slow DRAM).
 */
class DpAgreesWithBruteForceTest {
  static final List<Objective> OBJECTIVES = List.of(Objective.LATENCY, Objective.ENERGY, Objective.EDP, Objective.weighted(0.37));

  static Stream<Arguments> instances() {
    return RandomInstances.instances(1, 60, 2, 11).stream().map(i -> Arguments.of(i.seed(), i.allocation(), i.model()));
  }

  @ParameterizedTest(name = "seed {0} {1}")
  @MethodSource("instances")
  void dpEqualsBruteForce(long seed, Allocation alloc, CostModel model) {
    agree(seed, model);
  }

  static void agree(long seed, CostModel model) {
    for (Objective o : OBJECTIVES) {
      SolverResult dp = new DpSolver().solve(model, o, SolverOptions.DEFAULT);
      SolverResult brute = new BruteForceSolver().solve(model, o, SolverOptions.DEFAULT);
      assertThat(brute.status()).as("seed %d %s", seed, o).isEqualTo(Status.OPTIMAL);
      assertThat(dp.status()).as("seed %d %s", seed, o).isEqualTo(Status.OPTIMAL);
      assertThat(dp.objectiveValue())
          .as("seed %d %s units %d: dp plan %s vs brute plan %s", seed, o, model.units(), dp.plan(), brute.plan())
          .isCloseTo(brute.objectiveValue(), org.assertj.core.data.Percentage.withPercentage(1e-7));
      // the DP's plan re-evaluated from scratch gives the value it reported
      assertThat(model.evaluate(dp.plan()).value(o)).isCloseTo(dp.objectiveValue(), org.assertj.core.data.Percentage.withPercentage(1e-9));
      assertThat(dp.certificate().orElseThrow().feasible()).as("seed %d: %s", seed, dp.certificate()).isTrue();
    }
  }

  /**
   * A transformer block: q, k, v projections of {@code [1, S, D]}, scores {@code q k^T} (attention on
   * k's stage), softmax, context {@code scores v} (attention on v's stage), output projection,
   * residual Add, and a two-layer MLP.
   */
  static Network transformer(long seed) {
    Random r = new Random(seed);
    int seq = 2 + r.nextInt(3);
    int d = 2 + r.nextInt(4);
    NetworkBuilder b = new NetworkBuilder("block" + seed);
    String x = b.input("input", 1, seq, d);
    String q = b.matmulConst("q", x, d);
    String k = b.matmulConst("k", x, d);
    String v = b.matmulConst("v", x, d);
    String scores = b.matmul("scores", q, b.transpose("kT", k, 0, 2, 1));
    String ctx = b.matmul("ctx", b.vector("softmax", "Softmax", scores), v);
    String res = b.vector("res", "Add", b.matmulConst("o", ctx, d), x);
    String h = b.vector("gelu", "Gelu", b.matmulConst("fc1", res, 2L * d));
    return b.build(b.matmulConst("fc2", h, d));
  }

  /** A small chip with a slow DRAM (loads can bind the fill) and a slow vector unit (attention binds). */
  static HardwareSpec slowChip(long seed, Allocation alloc) {
    Random r = new Random(seed * 17 + 3);
    int cores = 1 + r.nextInt(3);
    int apc = 1 + r.nextInt(2);
    return new HardwareSpec("slow" + seed, cores, apc, 4, 4 << r.nextInt(2), 1, 2, 1 + r.nextInt(4), 8, 1, 1e-8 * (1 + r.nextInt(3)),
        1e-9 * (1 + r.nextInt(5)), 1 + r.nextInt(cores), 1e6 * (1 + r.nextInt(200)), 1e-10, 3e-10, 5e-12, 1e-3 * r.nextInt(2),
        1e7 * (1 + r.nextInt(20)), 1e-12, alloc, Map.of());
  }

  @Test
  void transformerBlocksAtBatchOneAndFour() {
    int instances = 0;
    int vectorBinds = 0;
    int loadBinds = 0;
    for (long seed = 1; instances < 24 && seed < 400; seed++) {
      Allocation alloc = seed % 2 == 0 ? Allocation.ARRAY : Allocation.CORE;
      CostModel model = CostModel.of(transformer(seed), slowChip(seed, alloc), seed % 3 == 0 ? 4 : 1);
      if (model.units() > 11) continue;
      boolean fits = true;
      for (int u = 0; u < model.units(); u++) fits &= model.valid(u, u);
      if (!fits) continue;
      instances++;
      agree(seed, model);
      for (Objective o : OBJECTIVES) {
        for (PartitionCost p : new DpSolver().solve(model, o, SolverOptions.DEFAULT).cost().orElseThrow().partitions()) {
          if (p.vectorSeconds() > 0 && p.tauSeconds() == p.vectorSeconds()) vectorBinds++;
          if (p.bindingLoad().isPresent()) loadBinds++;
        }
      }
    }
    System.out.printf("transformer blocks: %d instances x %d objectives; optimal partitions with V as bottleneck: %d, with a binding load: %d%n",
        instances, OBJECTIVES.size(), vectorBinds, loadBinds);
    assertThat(instances).isEqualTo(24);
    // the suite exercises version 2: optimal plans where V is the bottleneck and where a load binds the fill
    assertThat(vectorBinds).as("partitions of optimal plans whose bottleneck is V").isPositive();
    assertThat(loadBinds).as("partitions of optimal plans whose fill waits for a load").isPositive();
  }
}
