package dev.compass.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PartitionCost;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.zoo.ModelZoo;
import dev.compass.solvers.PartitionSolver;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.Status;
import dev.compass.solvers.brute.BruteForceSolver;
import dev.compass.solvers.certificate.CertificateChecker;
import dev.compass.solvers.certificate.Verdict;
import dev.compass.solvers.cp.CostRegularSolver;
import dev.compass.solvers.dp.DpSolver;
import dev.compass.solvers.ilp.CompactIlpSolver;
import dev.compass.solvers.ilp.PathIlpSolver;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exact ILP solvers against the DP: every solver that ends OPTIMAL matches the DP's optimum within
 * the tolerance it states ({@code statistics.tolerance}); every plan re-evaluated by the cost model
 * reproduces the objective the solver reported, and, when proven, the value of its own model
 * ({@code statistics.modelObjective}); every reported lower bound is at most the DP's optimum and
 * every plan at least it. A solve stopped by the time limit must say so (FEASIBLE with a bound, or
 * TIMEOUT) and is never counted as agreement. On the random instances (at most 11 units) a stop is a failure
 * for every solver, ilp-compact included: they must prove, and every proof's
 * certificate must pass {@link CertificateChecker} (no solver involved).
 *
 * <p>The default run takes a few seeded random instances; {@code @Tag("slow")} runs more of them and
 * squeezenet1_0 and resnet18 on compass-s/m/l at batch 1 and 16.
 */
class IlpAgreementTest {
  private static final List<Objective> OBJECTIVES = List.of(Objective.LATENCY, Objective.ENERGY, Objective.EDP);

  static List<PartitionSolver> solvers() {
    return List.of(PathIlpSolver.lp(), new PathIlpSolver(), PathIlpSolver.scip(), new CostRegularSolver(), new CompactIlpSolver());
  }

  /** Seeded random instances with 2..11 units, alternating ARRAY and CORE, batch 1/8/15. */
  static List<Arguments> random(long firstSeed, int count) {
    return RandomInstances.instances(firstSeed, count, 2, 11).stream().map(i -> Arguments.of(i.toString(), i.model())).toList();
  }


  static Stream<Arguments> quick() {
    return random(7001, 8).stream();
  }

  static Stream<Arguments> many() {
    return random(9001, 60).stream();
  }

  static Stream<Arguments> zoo() {
    List<Arguments> out = new ArrayList<>();
    for (String net : List.of("squeezenet1_0", "resnet18")) {
      Network n = ModelZoo.build(net);
      for (String hw : List.of("compass-s", "compass-m", "compass-l")) {
        CostModel m1 = CostModel.of(n, HardwarePresets.get(hw), 1);
        out.add(Arguments.of(net + " " + hw + " b1", m1));
        out.add(Arguments.of(net + " " + hw + " b16", m1.withBatch(16)));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("quick")
  void randomInstancesAgree(String name, CostModel model) {
    check(name, model, SolverOptions.DEFAULT.withTimeLimit(60), true);
  }

  @Tag("slow")
  @ParameterizedTest(name = "{0}")
  @MethodSource("many")
  void moreRandomInstancesAgree(String name, CostModel model) {
    check(name, model, SolverOptions.DEFAULT.withTimeLimit(60), true);
  }

  @Tag("slow")
  @ParameterizedTest(name = "{0}")
  @MethodSource("zoo")
  void zooInstancesAgreeOrSayTheyDidNot(String name, CostModel model) {
    check(name, model, SolverOptions.DEFAULT.withTimeLimit(Double.parseDouble(System.getProperty("compass.ilp.timeLimit", "5"))), false);
  }

  /**
   * ilp-compact on small transformer blocks at batch 1 (version 2's terms: attention stages sharing the one vector
   * unit, first-image loads from a slow DRAM): it proves, and its optimum equals the DP's and brute force's; the
   * suite counts partitions of the proven plans whose bottleneck is {@code V} and whose fill waits for a load, so
   * both terms are exercised.
   */
  @Test
  void compactProvesTransformerBlocksWhereVectorTimeAndLoadsBind() {
    int instances = 0;
    int vectorBinds = 0;
    int loadBinds = 0;
    SolverOptions options = SolverOptions.DEFAULT.withTimeLimit(60);
    for (long seed = 1; instances < 8 && seed < 400; seed++) {
      Allocation alloc = seed % 2 == 0 ? Allocation.ARRAY : Allocation.CORE;
      CostModel model = CostModel.of(DpAgreesWithBruteForceTest.transformer(seed), DpAgreesWithBruteForceTest.slowChip(seed, alloc), 1);
      if (model.units() > 9) continue;
      boolean fits = true;
      for (int u = 0; u < model.units(); u++) fits &= model.valid(u, u);
      if (!fits) continue;
      instances++;
      for (Objective o : List.of(Objective.LATENCY, Objective.ENERGY)) {
        double brute = new BruteForceSolver().solve(model, o, options).objectiveValue();
        double dp = new DpSolver().solve(model, o, options).objectiveValue();
        assertThat(dp).isCloseTo(brute, org.assertj.core.data.Percentage.withPercentage(1e-7));
        SolverResult r = new CompactIlpSolver().solve(model, o, options);
        String what = "seed " + seed + " " + o + " units " + model.units() + ": " + r.statistics();
        assertThat(r.status()).as(what).isEqualTo(Status.OPTIMAL);
        double tol = (double) r.statistics().get("tolerance");
        assertThat(r.objectiveValue()).as(what).isCloseTo(brute, org.assertj.core.data.Offset.offset(tol * brute));
        for (PartitionCost p : r.cost().orElseThrow().partitions()) {
          if (p.vectorSeconds() > 0 && p.tauSeconds() == p.vectorSeconds()) vectorBinds++;
          if (p.bindingLoad().isPresent()) loadBinds++;
        }
      }
    }
    System.out.printf("ilp-compact on transformer blocks (batch 1): %d instances; proven partitions with V as bottleneck: %d, with a binding load: %d%n",
        instances, vectorBinds, loadBinds);
    assertThat(instances).isEqualTo(8);
    assertThat(vectorBinds).as("partitions of proven plans whose bottleneck is V").isPositive();
    assertThat(loadBinds).as("partitions of proven plans whose fill waits for a load").isPositive();
  }

  private static void check(String name, CostModel model, SolverOptions options, boolean random) {
    for (Objective o : OBJECTIVES) {
      SolverResult dp = new DpSolver().solve(model, o, options);
      assertThat(dp.status()).isEqualTo(Status.OPTIMAL);
      double opt = dp.objectiveValue();
      for (PartitionSolver solver : solvers()) {
        SolverResult r = solver.solve(model, o, options);
        String what = String.format("%s %s %s: %s value %s bound %s dp %s stats %s", name, o, solver.name(), r.status(),
            r.objectiveValue(), r.lowerBound(), opt, r.statistics());
        System.out.printf("%-32s %-8s %-14s %-9s rel %+.2e gap %.2e %6.1fs%n", name, o, solver.name(), r.status(),
            r.cost().isPresent() ? (r.objectiveValue() - opt) / opt : Double.NaN, r.gap(), r.solveSeconds());
        double tol = (double) r.statistics().get("tolerance");
        // the random instances (at most 11 units): every solver proves them in seconds, so a stop is a failure
        if (random) {
          assertThat(r.status()).as(what + " (small instance: must be proven)").isEqualTo(Status.OPTIMAL);
        }
        // a lower bound never exceeds the optimum
        if (Double.isFinite(r.lowerBound())) assertThat(r.lowerBound()).as(what).isLessThanOrEqualTo(opt * (1 + tol));
        // so does a root relaxation's bound (the formulation's LP with integrality dropped)
        if (o.additive() && r.statistics().get("rootBound") instanceof Double root) {
          assertThat(root).as(what + " (root bound)").isLessThanOrEqualTo(opt * (1 + tol));
        }
        if (r.status() == Status.TIMEOUT || r.status() == Status.INFEASIBLE) {
          assertThat(r.cost()).as(what).isEmpty();
          assertThat(r.status()).as(what + " (the DP found a plan)").isEqualTo(Status.TIMEOUT);
          continue;
        }
        // the plan re-evaluated by the cost model reproduces the reported objective
        double re = model.evaluate(r.plan()).value(o);
        assertThat(re).as(what).isCloseTo(r.objectiveValue(), org.assertj.core.data.Percentage.withPercentage(1e-10));
        assertThat(r.certificate().orElseThrow().feasible()).as(what).isTrue();
        assertThat(r.objectiveValue()).as(what).isGreaterThanOrEqualTo(opt * (1 - tol));
        if (r.status() == Status.OPTIMAL) {
          assertThat(Math.abs(r.objectiveValue() - opt)).as(what).isLessThanOrEqualTo(tol * opt);
          Object modelValue = r.statistics().get("modelObjective");
          if (modelValue != null) {
            assertThat(Math.abs((double) modelValue - re)).as(what + " (model's own value)").isLessThanOrEqualTo(tol * re);
          }
          assertThat(r.certificate().orElseThrow().optimal()).as(what).isTrue();
          // the certificate's potentials check out without the solver (ilp-compact has none)
          var dual = r.certificate().orElseThrow().dual();
          if (!solver.name().equals("ilp-compact")) assertThat(dual).as(what + " (certificate)").isPresent();
          if (dual.isPresent()) {
            Verdict v = CertificateChecker.check(model, o, r.plan(), dual.get(), 1e-6);
            assertThat(v.violation()).as(what + " (verify)").isEmpty();
            assertThat(v.lowerBound()).as(what + " (certified bound)").isLessThanOrEqualTo(opt * (1 + 1e-9));
          }
        } else {
          // FEASIBLE: not proven, and the solver must say why (time limit) and how far (bound)
          assertThat(r.certificate().orElseThrow().optimal()).as(what).isFalse();
        }
      }
    }
  }
}
