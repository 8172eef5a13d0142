package dev.compass.bench.study;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.zoo.ModelZoo;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.baseline.GreedySolver;
import dev.compass.solvers.dp.DpSolver;
import dev.compass.solvers.genetic.GeneticSolver;
import dev.compass.solvers.genetic.GeneticStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The genetic algorithm's gap to the certified optimum (the DP) on the paper's three networks
 * (vgg16, resnet18, squeezenet1_0) on compass-s/m/l, batch 16, latency and EDP, with the paper's
 * defaults (population 100, 30 generations). Prints a Markdown table (docs/genetic.md).
 *
 * <pre>
 * java -cp ... dev.compass.bench.study.GeneticStudy [seeds=5] [crossover]
 * </pre>
 *
 * <p>{@code seeds}: runs per instance (seeds 1..N); the table gives seed 1's gap and the mean and
 * worst over the seeds. With {@code crossover}, it instead compares crossover probabilities 0, 0.2,
 * 0.5 and 0.8, and mutations alone at a higher rate (mean gap over the seeds, same instances, and the
 * mean evaluations per run) — the measurement behind the default.
 */
public final class GeneticStudy {
  private static final List<String> NETWORKS = List.of("vgg16", "resnet18", "squeezenet1_0");
  private static final List<String> CHIPS = List.of("compass-s", "compass-m", "compass-l");
  private static final List<Objective> OBJECTIVES = List.of(Objective.LATENCY, Objective.EDP);
  private static final int BATCH = 16;

  private GeneticStudy() {}

  public static void main(String[] args) {
    int seeds = 5;
    boolean crossover = false;
    for (String a : args) {
      if (a.startsWith("seeds=")) seeds = StudyArgs.positiveInt("seeds", a.substring(6));
      else if (a.equals("crossover")) crossover = true;
      else throw new IllegalArgumentException("unknown argument " + a + "; use seeds=N and/or crossover");
    }
    if (crossover) crossoverStudy(seeds);
    else gapTable(seeds);
  }

  private static void gapTable(int seeds) {
    System.out.println("| network | chip | units | objective | optimum (DP) | GA seed 1 | gap seed 1 | mean gap (" + seeds
        + " seeds) | worst gap | greedy gap | GA s/run | evaluations |");
    System.out.println("|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (String net : NETWORKS) {
      for (String chip : CHIPS) {
        CostModel m = CostModel.of(ModelZoo.build(net), HardwarePresets.get(chip), BATCH);
        for (Objective o : OBJECTIVES) {
          SolverResult dp = new DpSolver().solve(m, o, SolverOptions.DEFAULT);
          double opt = dp.objectiveValue();
          double greedy = new GreedySolver().solve(m, o, SolverOptions.DEFAULT).objectiveValue();
          List<Double> gaps = new ArrayList<>();
          double first = Double.NaN;
          double secs = 0;
          Object evals = null;
          for (int s = 1; s <= seeds; s++) {
            SolverResult ga = new GeneticSolver().solve(m, o, SolverOptions.DEFAULT.withSeed(s).withTimeLimit(0));
            if (ga.objectiveValue() < opt * (1 - 1e-12)) throw new AssertionError("GA below the optimum on " + net + " " + chip + " " + o);
            gaps.add(gap(ga.objectiveValue(), opt));
            if (s == 1) {
              first = ga.objectiveValue();
              evals = ((GeneticStatistics) ga.statistics()).evaluations();
            }
            secs += ga.solveSeconds();
          }
          double mean = gaps.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
          double worst = gaps.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
          System.out.printf(Locale.ROOT, "| %s | %s | %d | %s | %.6g | %.6g | %.2f%% | %.2f%% | %.2f%% | %.2f%% | %.2f | %s |%n",
              net, chip, m.units(), o, opt, first, 100 * gaps.get(0), 100 * mean, 100 * worst, 100 * gap(greedy, opt),
              secs / seeds, evals);
        }
      }
    }
  }

  private static void crossoverStudy(int seeds) {
    // {crossover probability, mutation probability per operator}; the last row spends about as many
    // evaluations as crossover 0.5 does, on mutations alone
    double[][] variants = {{0.0, 0.25}, {0.2, 0.25}, {0.5, 0.25}, {0.8, 0.25}, {0.0, 0.4}};
    StringBuilder head = new StringBuilder("| network | chip | objective |");
    for (double[] v : variants) head.append(" gap, crossover ").append(v[0]).append(" mutation ").append(v[1]).append(" |");
    System.out.println(head);
    System.out.println("|---|---|---|" + "---:|".repeat(variants.length));
    double[] total = new double[variants.length];
    double[] evaluations = new double[variants.length];
    int rows = 0;
    for (String net : NETWORKS) {
      for (String chip : CHIPS) {
        CostModel m = CostModel.of(ModelZoo.build(net), HardwarePresets.get(chip), BATCH);
        for (Objective o : OBJECTIVES) {
          double opt = new DpSolver().solve(m, o, SolverOptions.DEFAULT).objectiveValue();
          StringBuilder row = new StringBuilder("| " + net + " | " + chip + " | " + o + " |");
          for (int k = 0; k < variants.length; k++) {
            double sum = 0;
            for (int s = 1; s <= seeds; s++) {
              GeneticSolver ga = new GeneticSolver(GeneticSolver.Config.DEFAULT.withCrossover(variants[k][0]).withMutation(variants[k][1]));
              SolverResult r = ga.solve(m, o, SolverOptions.DEFAULT.withSeed(s).withTimeLimit(0));
              sum += gap(r.objectiveValue(), opt);
              evaluations[k] += ((GeneticStatistics) r.statistics()).evaluations();
            }
            total[k] += sum / seeds;
            row.append(String.format(Locale.ROOT, " %.2f%% |", 100 * sum / seeds));
          }
          rows++;
          System.out.println(row);
        }
      }
    }
    StringBuilder row = new StringBuilder("| **mean gap** | | |");
    for (double t : total) row.append(String.format(Locale.ROOT, " **%.2f%%** |", 100 * t / rows));
    System.out.println(row);
    row = new StringBuilder("| mean evaluations per run | | |");
    for (double e : evaluations) row.append(String.format(Locale.ROOT, " %.0f |", e / (rows * seeds)));
    System.out.println(row);
  }

  private static double gap(double value, double optimum) {
    return (value - optimum) / optimum;
  }
}
