package dev.compass.bench.study;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PartitionCost;
import dev.compass.costmodel.PlanCost;
import dev.compass.costmodel.PrefetchTerms;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.zoo.ModelZoo;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.Status;
import dev.compass.solvers.dp.DpSolver;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What weight prefetch (FORMULATION.md §9) buys: the certified optimum (the DP) of each network on each
 * chip with {@code prefetch} false and true, everything else equal. Prints a Markdown table (README,
 * "Weight prefetch").
 *
 * <pre>
 * compass study prefetch [models=vgg16,resnet18,resnet50,vit_b_16]
 *     [hw=compass-s,compass-m,compass-l,puma-reram,docs/examples/slow-write.json] [batches=1,16] [objective=latency]
 * </pre>
 *
 * <p>Run from the repository root (the default list names the example file by its relative path).
 * Each chip is used as given with {@code prefetch} forced false, then true.
 *
 * <p>Columns: the optimum without and with prefetch, the speed-up, the optimum without prefetch
 * re-evaluated on the prefetch chip (what prefetch gives a plan not chosen for it), the partitions of
 * each optimum, the share of the prefetch optimum's weight-write time that is hidden under compute
 * ({@code sum phi*T_write / sum T_write}) and the roofline with prefetch (§8 rule 12). Solve times are
 * left out so that the table reproduces to the digit (JMH's {@code DpBench} measures them, instances
 * {@code model:chip:prefetch}).
 */
public final class PrefetchStudy {
  private PrefetchStudy() {}

  public static void main(String[] args) {
    List<String> models = List.of("vgg16", "resnet18", "resnet50", "vit_b_16");
    List<String> chips = List.of("compass-s", "compass-m", "compass-l", "puma-reram", "docs/examples/slow-write.json");
    int[] batches = {1, 16};
    Objective objective = Objective.LATENCY;
    for (String a : args) {
      String[] kv = a.split("=", 2);
      if (kv.length != 2) throw new IllegalArgumentException("argument '" + a + "' is not KEY=VALUE; keys: models, hw, batches, objective");
      switch (kv[0]) {
        case "models" -> models = List.of(kv[1].split(","));
        case "hw" -> chips = List.of(kv[1].split(","));
        case "batches" -> batches = Arrays.stream(kv[1].split(",")).mapToInt(v -> StudyArgs.positiveInt("batches", v)).toArray();
        case "objective" -> objective = Objective.parse(kv[1]);
        default -> throw new IllegalArgumentException("unknown key '" + kv[0] + "'; keys: models, hw, batches, objective");
      }
    }
    // every model and chip resolved before the table starts: an error is the only output, not a cut table
    Map<String, Network> networks = new LinkedHashMap<>();
    for (String name : models) networks.put(name, ModelZoo.build(name));
    Map<String, HardwareSpec> specs = new LinkedHashMap<>();
    for (String chip : chips) specs.put(chip, HardwarePresets.resolve(chip));
    boolean latency = objective.kind() == Objective.Kind.LATENCY;
    String unit = latency ? " (ms)" : "";
    System.out.println("| network | chip | B | optimum, no prefetch" + unit + " | optimum, prefetch" + unit + " | gain |"
        + " no-prefetch plan with prefetch" + unit + " | partitions (no / with) | write hidden | roofline with prefetch (ms) |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (String name : models) {
      Network net = networks.get(name);
      for (String chip : chips) {
        HardwareSpec hw = specs.get(chip);
        for (int b : batches) {
          CostModel off = CostModel.of(net, hw.withPrefetch(false), b);
          CostModel on = CostModel.of(net, hw.withPrefetch(true), b);
          SolverResult r0 = new DpSolver().solve(off, objective, SolverOptions.DEFAULT);
          SolverResult r1 = new DpSolver().solve(on, objective, SolverOptions.DEFAULT);
          if (r0.status() != Status.OPTIMAL || r1.status() != Status.OPTIMAL) {
            System.out.printf(Locale.ROOT, "| %s | %s | %d | %s | %s | | | | | |%n", name, hw.name(), b, r0.status(), r1.status());
            continue;
          }
          PlanCost c1 = r1.cost().orElseThrow();
          double replayed = on.evaluate(r0.plan()).value(objective);
          double scale = latency ? 1e3 : 1;
          System.out.printf(Locale.ROOT, "| %s | %s | %d | %s | %s | %.3fx | %s | %d / %d | %.1f%% | %.4g |%n",
              name, hw.name(), b, num(r0.objectiveValue() * scale), num(r1.objectiveValue() * scale),
              r0.objectiveValue() / r1.objectiveValue(), num(replayed * scale), r0.plan().size(), r1.plan().size(),
              100 * hiddenShare(c1), on.rooflineSeconds() * 1e3);
        }
      }
    }
  }

  /** {@code sum phi*T_write / sum T_write} over a prefetch plan's partitions. */
  static double hiddenShare(PlanCost c) {
    double hidden = 0;
    double all = 0;
    for (int k = 0; k < c.partitions().size(); k++) {
      PartitionCost p = c.partitions().get(k);
      PrefetchTerms t = c.prefetch().get(k);
      hidden += t.hiddenWriteSeconds();
      all += p.writeSeconds();
    }
    return all == 0 ? 0 : hidden / all;
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.5g", v);
  }
}
