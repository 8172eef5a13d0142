package dev.compass.solvers.genetic;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PlanCost;
import dev.compass.formulation.InputException;
import dev.compass.formulation.plan.Objective;
import dev.compass.solvers.Certifier;
import dev.compass.solvers.PartitionSolver;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.Status;
import dev.compass.solvers.FixedCuts;
import io.jenetics.Alterer;
import io.jenetics.EliteSelector;
import io.jenetics.Genotype;
import io.jenetics.Phenotype;
import io.jenetics.TournamentSelector;
import io.jenetics.engine.Engine;
import io.jenetics.engine.EvolutionStart;
import io.jenetics.util.ISeq;
import io.jenetics.util.RandomRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * The genetic algorithm of COMPASS (DATE 2025), FORMULATION.md §6, on Jenetics: a gene is a partition
 * ({@link PartitionGene}), a chromosome a partition group covering the network
 * ({@link PartitionGroupChromosome}); only valid partitions appear.
 *
 * <ul>
 *   <li><b>Initial population:</b> {@link Config#population()} random valid groups
 *       ({@code ValidityMap#randomCuts}); optionally the greedy plan replaces one of them
 *       ({@link Config#greedySeed()}, off by default).
 *   <li><b>Generation:</b> Jenetics' generational scheme: {@code 60%} offspring chosen by
 *       tournaments of {@value #TOURNAMENT}, {@code 40%} survivors (the best individual kept, the rest by
 *       tournaments); offspring go through the crossover ({@link CutCrossover}, probability
 *       {@link Config#crossoverProbability()}) and the four mutations ({@link SplitMutator},
 *       {@link MergeMutator}, {@link ShiftMutator}, {@link RedrawMutator}), each applied with
 *       probability {@link Config#mutationProbability()}. Invalid offspring (only crossover makes them)
 *       are repaired ({@code RepairConstraint}).
 *   <li><b>Fitness:</b> the objective from the shared cost model, each partition's bottleneck target
 *       chosen exactly ({@code GroupEvaluator}); minimized.
 *   <li><b>Result:</b> the best group's cuts with each partition's target chosen by
 *       {@link FixedCuts} for those cuts (as the baselines, FORMULATION.md §8.11).
 *       Status {@link Status#FEASIBLE}, never OPTIMAL; no lower bound.
 * </ul>
 *
 * <p><b>Reproducibility.</b> All randomness comes from one {@code L64X256MixRandom} seeded with the
 * seed ({@link Config#seed()}, else {@link SolverOptions#seed()}), installed with
 * {@link RandomRegistry#with} for the run, and the engine runs on the calling thread
 * ({@code executor(Runnable::run)}): the same seed gives the same plan and trace. A time limit
 * ({@link Config#timeLimitSeconds()}, else {@link SolverOptions#timeLimitSeconds()}) only stops the run
 * early; a run it stopped ({@code stoppedByTimeLimit}) is not reproducible.
 *
 * <p><b>Statistics:</b> {@code generations} (completed), {@code evaluations} (fitness evaluations),
 * {@code rangesScanned} (distinct partitions scanned), {@code repairs}, {@code seed},
 * {@code population}, {@code partitions}, {@code stoppedByTimeLimit}, and {@code trace}
 * ({@link GeneticTrace}: best and mean objective per generation; see {@link GeneticTrace#of}).
 */
public final class GeneticSolver implements PartitionSolver {
  /** Tournament size of the offspring and survivor selection. */
  public static final int TOURNAMENT = 3;

  /** Share of each new population made of offspring (Jenetics' default). */
  public static final double OFFSPRING_FRACTION = 0.6;

  /**
   * Parameters of a run.
   *
   * @param population individuals per generation ({@code >= 2}); the paper uses 100
   * @param generations generations after the initial population ({@code >= 0}); the paper uses 30
   * @param seed the random seed; empty: {@link SolverOptions#seed()}
   * @param timeLimitSeconds wall-clock limit; {@code <= 0}: {@link SolverOptions#timeLimitSeconds()}
   * @param mutationProbability probability of each of the four mutations per offspring, in [0, 1]
   * @param crossoverProbability probability that an offspring is crossed, in [0, 1]
   * @param greedySeed put the greedy plan into the initial population
   */
  public record Config(int population, int generations, OptionalLong seed, double timeLimitSeconds,
      double mutationProbability, double crossoverProbability, boolean greedySeed) {

    /**
     * Population 100, 30 generations (the paper's), each mutation with probability 0.25, crossover 0.5
     * (measured to help, docs/genetic.md), no greedy seed.
     */
    public static final Config DEFAULT = new Config(100, 30, OptionalLong.empty(), 0, 0.25, 0.5, false);

    public Config {
      if (population < 2) throw new InputException("population", "must be >= 2, got " + population);
      if (generations < 0) throw new InputException("generations", "must be >= 0, got " + generations);
      if (seed == null) seed = OptionalLong.empty();
      if (!(mutationProbability >= 0 && mutationProbability <= 1)) {
        throw new InputException("mutationProbability", "must be in [0, 1], got " + mutationProbability);
      }
      if (!(crossoverProbability >= 0 && crossoverProbability <= 1)) {
        throw new InputException("crossoverProbability", "must be in [0, 1], got " + crossoverProbability);
      }
      if (Double.isNaN(timeLimitSeconds)) throw new InputException("timeLimitSeconds", "is not a number");
    }

    public Config withPopulation(int p) { return new Config(p, generations, seed, timeLimitSeconds, mutationProbability, crossoverProbability, greedySeed); }
    public Config withGenerations(int g) { return new Config(population, g, seed, timeLimitSeconds, mutationProbability, crossoverProbability, greedySeed); }
    public Config withSeed(long s) { return new Config(population, generations, OptionalLong.of(s), timeLimitSeconds, mutationProbability, crossoverProbability, greedySeed); }
    public Config withTimeLimit(double s) { return new Config(population, generations, seed, s, mutationProbability, crossoverProbability, greedySeed); }
    public Config withMutation(double p) { return new Config(population, generations, seed, timeLimitSeconds, p, crossoverProbability, greedySeed); }
    public Config withCrossover(double p) { return new Config(population, generations, seed, timeLimitSeconds, mutationProbability, p, greedySeed); }
    public Config withGreedySeed(boolean g) { return new Config(population, generations, seed, timeLimitSeconds, mutationProbability, crossoverProbability, g); }
  }

  private final Config config;

  /** The paper's defaults ({@link Config#DEFAULT}). */
  public GeneticSolver() {
    this(Config.DEFAULT);
  }

  public GeneticSolver(Config config) {
    this.config = config;
  }

  /** Population and generations (the CLI's {@code --population}, {@code --generations}); other parameters default. */
  public GeneticSolver(int population, int generations) {
    this(Config.DEFAULT.withPopulation(population).withGenerations(generations));
  }

  public Config config() {
    return config;
  }

  @Override public String name() { return "genetic"; }
  @Override public boolean exact() { return false; }

  @Override
  public SolverResult solve(CostModel model, Objective objective, SolverOptions options) {
    long t0 = System.nanoTime();
    long seed = config.seed().orElse(options.seed());
    double limit = config.timeLimitSeconds() > 0 ? config.timeLimitSeconds() : options.timeLimitSeconds();
    long deadline = limit > 0 && Double.isFinite(limit) ? t0 + (long) (limit * 1e9) : Long.MAX_VALUE;
    ValidityMap validity = ValidityMap.of(model);
    if (!validity.feasible()) {
      GeneticStatistics stats = GeneticStatistics.none(seed, config.population());
      return new SolverResult(name(), objective, Status.INFEASIBLE, Optional.empty(), Double.NaN, Double.NEGATIVE_INFINITY,
          (System.nanoTime() - t0) / 1e9, stats, Optional.empty());
    }
    GroupEvaluator evaluator = new GroupEvaluator(model, objective);
    RandomGenerator random = RandomGeneratorFactory.of("L64X256MixRandom").create(seed);
    Run run = RandomRegistry.with(random, r -> evolve(validity, evaluator, options, t0, deadline));

    int[] starts = run.best;
    PlanCost cost = FixedCuts.optimize(model, starts, objective).orElseThrow(
        () -> new IllegalStateException("the genetic algorithm's best cuts have a partition without a feasible target"));
    double value = cost.value(objective);
    GeneticStatistics stats = new GeneticStatistics(seed, config.population(), run.trace.size() - 1, evaluator.evaluations(),
        evaluator.rangesScanned(), run.repairs, starts.length, run.bestFitness, run.stoppedByTime, new GeneticTrace(run.trace));
    double secs = (System.nanoTime() - t0) / 1e9;
    var cert = Certifier.certify(model, cost, objective, false, Double.NEGATIVE_INFINITY,
        "genetic algorithm (population " + config.population() + ", seed " + seed + "), optimal replication for its cuts");
    return new SolverResult(name(), objective, Status.FEASIBLE, Optional.of(cost), value, Double.NEGATIVE_INFINITY, secs, stats,
        Optional.of(cert));
  }

  /** What a run found. */
  private record Run(int[] best, double bestFitness, List<GeneticTrace.Point> trace, long repairs, boolean stoppedByTime) {}

  private Run evolve(ValidityMap validity, GroupEvaluator evaluator, SolverOptions options, long t0, long deadline) {
    RandomGenerator r = RandomRegistry.random();
    RepairConstraint repair = new RepairConstraint();
    PartitionGroupChromosome prototype = new PartitionGroupChromosome(validity.greedyStarts(), validity);

    List<Phenotype<PartitionGene, Double>> initial = new ArrayList<>();
    for (int k = 0; k < config.population(); k++) {
      int[] s = k == 0 && config.greedySeed() ? validity.greedyStarts() : validity.randomStarts(r);
      Genotype<PartitionGene> g = Genotype.of(new PartitionGroupChromosome(s, validity));
      initial.add(Phenotype.of(g, 1, evaluator.evaluate(s)));
    }
    List<GeneticTrace.Point> trace = new ArrayList<>();
    Phenotype<PartitionGene, Double> best = initial.get(0);
    for (Phenotype<PartitionGene, Double> p : initial) if (p.fitness() < best.fitness()) best = p;
    trace.add(new GeneticTrace.Point(0, best.fitness(), mean(initial)));
    options.progress().report(name(), best.fitness(), Double.NEGATIVE_INFINITY, (System.nanoTime() - t0) / 1e9);

    List<Alterer<PartitionGene, Double>> alterers = new ArrayList<>();
    if (config.crossoverProbability() > 0) alterers.add(new CutCrossover(config.crossoverProbability()));
    alterers.add(new SplitMutator(config.mutationProbability()));
    alterers.add(new MergeMutator(config.mutationProbability()));
    alterers.add(new ShiftMutator(config.mutationProbability()));
    alterers.add(new RedrawMutator(config.mutationProbability()));
    Alterer<PartitionGene, Double> alterer = alterers.get(0);
    for (Alterer<PartitionGene, Double> a : alterers.subList(1, alterers.size())) alterer = alterer.andThen(a);

    Engine<PartitionGene, Double> engine = Engine
        .builder((Genotype<PartitionGene> g) -> evaluator.evaluate(g.chromosome().as(PartitionGroupChromosome.class).startsView()),
            Genotype.of(prototype))
        .minimizing()
        .populationSize(config.population())
        .offspringFraction(OFFSPRING_FRACTION)
        .offspringSelector(new TournamentSelector<PartitionGene, Double>(TOURNAMENT))
        .survivorsSelector(new EliteSelector<PartitionGene, Double>(1, new TournamentSelector<PartitionGene, Double>(TOURNAMENT)))
        .alterers(alterer)
        .constraint(repair)
        .maximalPhenotypeAge(Integer.MAX_VALUE)
        .executor(Runnable::run)
        .build();

    ISeq<Phenotype<PartitionGene, Double>> start = ISeq.of(initial);
    boolean[] stopped = {false};
    List<Phenotype<PartitionGene, Double>> bestRef = new ArrayList<>(List.of(best));
    engine.stream(() -> EvolutionStart.of(start, 1))
        .limit(result -> {
          if (System.nanoTime() <= deadline) return true;
          stopped[0] = true;
          return false;
        })
        .limit(config.generations())
        .forEach(result -> {
          Phenotype<PartitionGene, Double> b = result.bestPhenotype();
          if (b.fitness() < bestRef.get(0).fitness()) bestRef.set(0, b);
          double bestFitness = bestRef.get(0).fitness();
          trace.add(new GeneticTrace.Point(trace.size(), bestFitness, mean(result.population())));
          options.progress().report(name(), bestFitness, Double.NEGATIVE_INFINITY, (System.nanoTime() - t0) / 1e9);
        });
    Phenotype<PartitionGene, Double> winner = bestRef.get(0);
    int[] bestStarts = winner.genotype().chromosome().as(PartitionGroupChromosome.class).starts();
    return new Run(bestStarts, winner.fitness(), trace, repair.repairs(), stopped[0]);
  }

  private static double mean(Iterable<Phenotype<PartitionGene, Double>> population) {
    double sum = 0;
    int n = 0;
    for (Phenotype<PartitionGene, Double> p : population) {
      sum += p.fitness();
      n++;
    }
    return sum / n;
  }
}
