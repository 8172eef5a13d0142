package dev.compass.bench.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code compass} command. Subcommands are separate classes, all registered in the
 * {@code subcommands} list of this class's {@link Command} annotation (the one place to add one).
 *
 * <p>Exit codes: 0 success; 2 bad input ({@link dev.compass.formulation.InputException} or a bad
 * command line: one line {@code compass: <message>} on stderr, never a stack trace); 1 an unexpected
 * error (one line and a hint to rerun with {@code --debug}, which prints the stack trace).
 */
@Command(
    name = "compass",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Partition deep neural networks onto crossbar processing-in-memory accelerators.",
    subcommands = {
      ModelsCommand.class,
      HardwareCommand.class,
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:unexpected error (rerun with --debug for the stack trace)",
      "2:bad input: a file, a value or the command line (one line on stderr)"
    })
public final class Main implements Callable<Integer> {
  /** Exit code of bad input. */
  public static final int EXIT_BAD_INPUT = 2;
  /** Exit code of an unexpected error. */
  public static final int EXIT_UNEXPECTED = 1;

  @Spec CommandSpec spec;

  @Option(names = "--debug", scope = ScopeType.INHERIT,
      description = "On an error, also print the stack trace.")
  boolean debug;

  /** {@code compass} alone is a usage error: a subcommand is needed. */
  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(),
        "missing command; choose one of " + String.join(", ", spec.subcommands().keySet()));
  }

  /** A command line with compass's error handling, writing to {@code out} and {@code err}. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(new ErrorHandlers.Execution());
    cl.setParameterExceptionHandler(new ErrorHandlers.Parameters());
    return cl;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = commandLine(out, err).execute(args);
    out.flush();
    err.flush();
    System.exit(code);
  }
}
