package dev.compass.bench.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code compass bench}: runs the JMH benchmarks of the cost model's range evaluation and of whole DP
 * solves, with defaults that finish in a few minutes; extra arguments go to JMH.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Run the JMH benchmarks (CostModelBench: range evaluations/s; DpBench: DP solve time).",
        "Defaults: 3 warm-up and 5 measured iterations of 1-2 s, 1 fork; arguments after -- go to JMH."})
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--quick", description = "One warm-up and two measured iterations (a smoke test).")
  boolean quick;

  @Parameters(arity = "0..*", paramLabel = "JMH-ARG", description = "JMH arguments, e.g. DpBench -p instance=resnet50:compass-s.")
  List<String> jmhArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    List<String> args = new ArrayList<>(jmhArgs);
    if (args.stream().noneMatch(a -> !a.startsWith("-") && a.contains("Bench"))) args.add(0, "dev.compass.bench.jmh.*");
    if (quick) args.addAll(List.of("-wi", "1", "-i", "2", "-w", "1", "-r", "1"));
    try {
      new org.openjdk.jmh.runner.options.CommandLineOptions(args.toArray(String[]::new)); // JMH's own parser: it exits 1 on an error
    } catch (org.openjdk.jmh.runner.options.CommandLineOptionException e) {
      throw new dev.compass.formulation.InputException("JMH-ARG", e.getMessage() + " (JMH's options: compass bench -- -h)");
    }
    org.openjdk.jmh.Main.main(args.toArray(String[]::new));
    return 0;
  }
}
