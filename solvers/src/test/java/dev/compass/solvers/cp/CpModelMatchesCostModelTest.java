package dev.compass.solvers.cp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PartitionCost;
import dev.compass.costmodel.PlanCost;
import dev.compass.costmodel.ReplicationLadder;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.network.NetworkBuilder;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.plan.Partition;
import dev.compass.formulation.plan.PartitionPlan;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.dp.DpSolver;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.chocosolver.solver.Solver;
import org.junit.jupiter.api.Test;

/**
 * {@code cp-compact}'s model prices a plan as the cost model does (version 2): the cuts and targets of
 * each DP-optimal plan are fixed in a {@link CpModel}, and its scaled latency and energy, converted back,
 * must equal {@link CostModel#evaluate} of that plan to the scaling tolerance (docs/cp.md §2):
 *
 * <pre>
 *   0 &lt;= T - q*Tq            &lt;= q * (B+1) * n               + 1e-12 T
 *   0 &lt;= E - (E_c + qE*Eq)   &lt;= qE * (2n+2) + w * q * ((B+1) * n + 3) + 1e-9 E
 * </pre>
 *
 * ({@code n} units, {@code w = pStatic (+ lambda)}; each rounded-down constant loses less than one
 * quantum). The instances are transformer blocks and convolution chains at batch 1 and 4 on chips with a
 * slow vector unit and a slow DRAM, where the one vector unit ({@code V}) and first-image loads bind;
 * the test counts that they do, so that a model without them would fail it.
 */
class CpModelMatchesCostModelTest {

  /** Two transformer blocks (attention on the k and v stages) of random width, sequence length and MLP ratio. */
  static Network blocks(long seed) {
    Random r = new Random(seed);
    int seq = 2 + r.nextInt(4);
    int d = 2 + r.nextInt(4);
    NetworkBuilder b = new NetworkBuilder("blocks" + seed);
    String x = b.input("input", 1, seq, d);
    for (int l = 0; l < 2; l++) {
      String p = "b" + l + ".";
      String q = b.matmulConst(p + "q", x, d);
      String k = b.matmulConst(p + "k", x, d);
      String v = b.matmulConst(p + "v", x, d);
      String att = b.vector(p + "softmax", "Softmax", b.matmul(p + "scores", q, b.transpose(p + "kT", k, 0, 2, 1)));
      x = b.vector(p + "res", "Add", b.matmulConst(p + "o", b.matmul(p + "ctx", att, v), d), x);
      x = b.matmulConst(p + "fc2", b.vector(p + "gelu", "Gelu", b.matmulConst(p + "fc1", x, (1 + r.nextInt(3)) * (long) d)), d);
    }
    return b.build(x);
  }

  /** A chain of convolutions with a skip, wide enough that the first-image input load can exceed the compute. */
  static Network convs(long seed) {
    Random r = new Random(seed);
    NetworkBuilder b = new NetworkBuilder("convs" + seed);
    String x = b.input("input", 1, 1 + r.nextInt(3), 3 + r.nextInt(3), 3 + r.nextInt(3));
    String skip = b.conv("c0", x, 4, 1, 1, 0);
    x = b.conv("c1", skip, 4, 3, 1, 1);
    x = b.vector("add", "Add", x, skip);
    x = b.conv("c2", x, 2 + r.nextInt(6), 1, 1, 0);
    return b.build(b.linear("fc", b.flatten("flat", x), 1 + r.nextInt(6)));
  }

  /** A small chip with a slow DRAM and a slow vector unit. */
  static HardwareSpec chip(long seed, Allocation alloc) {
    Random r = new Random(seed * 13 + 5);
    int cores = 2 + r.nextInt(2);
    return new HardwareSpec("slow" + seed, cores, 1 + r.nextInt(2), 4, 8, 1, 2, 1 + r.nextInt(4), 8, 1, 1e-8 * (1 + r.nextInt(3)),
        1e-9 * (1 + r.nextInt(5)), 1 + r.nextInt(cores), 1e6 * (1 + r.nextInt(100)), 1e-10, 3e-10, 5e-12, 1e-3 * r.nextInt(2),
        1e7 * (1 + r.nextInt(20)), 1e-12, alloc, false, Map.of());
  }

  @Test
  void fixedDpPlansArePricedAsTheCostModelPricesThem() {
    int instances = 0;
    int vectorBinds = 0;
    int loadBinds = 0;
    int checked = 0;
    for (long seed = 1; instances < 16 && seed < 200; seed++) {
      Allocation alloc = seed % 2 == 0 ? Allocation.ARRAY : Allocation.CORE;
      CostModel model;
      try {
        model = CostModel.of(seed % 4 == 3 ? convs(seed) : blocks(seed), chip(seed, alloc), seed % 3 == 0 ? 4 : 1);
      } catch (RuntimeException e) {
        continue; // a random chip on which some unit does not fit
      }
      if (model.units() > 24) continue;
      instances++;
      for (Objective o : List.of(Objective.LATENCY, Objective.ENERGY, Objective.EDP, Objective.weighted(0.37))) {
        PlanCost dp = new DpSolver().solve(model, o, SolverOptions.DEFAULT).cost().orElseThrow();
        check("seed " + seed + " " + alloc + " " + o, model, o, dp);
        checked++;
        for (PartitionCost p : dp.partitions()) {
          if (p.vectorSeconds() > 0 && p.tauSeconds() == p.vectorSeconds()) vectorBinds++;
          if (p.bindingLoad().isPresent()) loadBinds++;
        }
      }
    }
    assertThat(instances).isEqualTo(16);
    assertThat(checked).isEqualTo(64);
    assertThat(vectorBinds).as("partitions whose bottleneck is V").isPositive();
    assertThat(loadBinds).as("partitions whose fill waits for a first-image load").isPositive();
  }

  /** Fixes {@code plan}'s cuts and targets in a CpModel and compares its scaled T and E with the cost model's. */
  static void check(String ctx, CostModel model, Objective o, PlanCost truth) {
    CpSolver.Setup setup = CpSolver.setup(model, o);
    Scaling sc = setup.scaling();
    CpModel cp = new CpModel(setup.tables(), o, sc, "fixed");
    PartitionPlan plan = truth.plan();
    for (Partition p : plan.partitions()) {
      int k = targetIndex(model, setup.tables().targets, p);
      for (int u = p.firstUnit(); u <= p.lastUnit(); u++) {
        cp.model.arithm(cp.tau[u], "=", k).post();
        if (u > 0) cp.model.arithm(cp.cut[u], "=", u == p.firstUnit() ? 1 : 0).post();
      }
    }
    Solver solver = cp.model.getSolver();
    assertThat(solver.solve()).as(ctx + ": the fixed plan is a solution of the model").isTrue();
    assertThat(cp.plan()).as(ctx).isEqualTo(plan);
    int n = model.units();
    int b = model.batch();
    if (sc.needTime()) {
      double t = truth.latencySeconds();
      double qt = sc.timeQuantum() * cp.latencyVar.getValue();
      assertThat(qt).as(ctx + " latency").isLessThanOrEqualTo(t);
      assertThat(t - qt).as(ctx + " latency " + t + " vs model " + qt).isLessThanOrEqualTo(sc.timeQuantum() * (b + 1) * n + 1e-12 * t);
    }
    if (sc.needEnergy()) {
      double w = o.kind() == Objective.Kind.WEIGHTED ? model.hardware().pStatic() + o.lambda() : model.hardware().pStatic();
      // the model's energy variable holds E - E_const, plus lambda*T for WEIGHTED
      double e = truth.energyJoules() + (o.kind() == Objective.Kind.WEIGHTED ? o.lambda() * truth.latencySeconds() : 0);
      double ec = o.kind() == Objective.Kind.EDP ? sc.energyConstQ() * sc.energyQuantum() : sc.offset();
      double qe = ec + sc.energyQuantum() * cp.energyVar.getValue();
      assertThat(qe).as(ctx + " energy").isLessThanOrEqualTo(e * (1 + 1e-12));
      double tol = sc.energyQuantum() * (2 * n + 2) + w * sc.timeQuantum() * ((b + 1) * n + 3) + 1e-9 * e;
      assertThat(e - qe).as(ctx + " energy " + e + " vs model " + qe).isLessThanOrEqualTo(tol);
    }
    // the objective: a lower bound of the true value (what the incumbent cut relies on)
    assertThat(sc.lowerBound(cp.objectiveVar.getValue())).as(ctx + " objective").isLessThanOrEqualTo(truth.value(o) * (1 + 1e-12));
  }

  /** The index of the partition's target {@code max_s t_s(d_s)} among the candidate targets. */
  static int targetIndex(CostModel model, double[] targets, Partition p) {
    double target = 0;
    for (int s = model.unitStage(p.firstUnit()); s <= model.unitStage(p.lastUnit()); s++) {
      target = Math.max(target, model.stageTime(s, p.replication().getOrDefault(model.stageName(s), 1)));
    }
    for (int k = 0; k < targets.length; k++) {
      if (ReplicationLadder.meets(targets[k], target) && ReplicationLadder.meets(target, targets[k])) return k;
    }
    throw new AssertionError("target " + target + " of " + p + " is not a candidate");
  }
}
