package dev.compass.bench.cli;

import dev.compass.bench.study.GeneticStudy;
import dev.compass.bench.study.IlpStudy;
import dev.compass.bench.study.PrefetchStudy;
import dev.compass.formulation.InputException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code compass study ilp|genetic [ARGS]}: the solver studies whose tables are in docs/ilp.md and docs/genetic.md. */
@Command(name = "study", mixinStandardHelpOptions = true,
    description = {"Run a solver study and print its Markdown table.",
        "ilp [--models a,b] [--hw s,m] [--objectives latency,edp] [--solvers dp,ilp-path,...] [--time-limit S] [--csv FILE]:",
        "  exact solvers' status, bound, gap and time (docs/ilp.md), the README's table, and a self-check against dp's",
        "  optimum: exit 1 (after writing the CSV and the tables) if a solver's OPTIMAL value or bound disagrees.",
        "genetic [seeds=N] [crossover]: the genetic algorithm's gap to the certified optimum (docs/genetic.md).",
        "prefetch [models=a,b] [hw=s,m] [batches=1,16] [objective=latency]: the optimum with and without weight prefetch (README)."})
final class StudyCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "STUDY", description = "ilp, genetic or prefetch")
  String study;

  @Parameters(index = "1..*", arity = "0..*", paramLabel = "ARG", description = "The study's arguments.")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    String[] a = args.toArray(String[]::new);
    try {
      switch (study) {
        case "ilp" -> {
          if (IlpStudy.run(a, System.out) != 0) {
            System.err.println("compass: study ilp: the self-check found violations (the 'violation:' lines above); the CSV is written as evidence");
            return Main.EXIT_UNEXPECTED;
          }
        }
        case "genetic" -> GeneticStudy.main(a);
        case "prefetch" -> PrefetchStudy.main(a);
        default -> throw new InputException("STUDY", "unknown study '" + study + "'; valid: ilp, genetic, prefetch");
      }
    } catch (IllegalArgumentException e) {
      throw new InputException("study " + study, e.getMessage());
    }
    return 0;
  }
}
