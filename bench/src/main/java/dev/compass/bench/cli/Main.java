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
      InspectCommand.class,
      PartitionCommand.class,
      EvaluateCommand.class,
      VerifyCommand.class,
      CompileCommand.class,
      SimulateCommand.class,
      BenchCommand.class,
      CompareCommand.class,
      SweepCommand.class,
      StudyCommand.class,
      CommandLine.HelpCommand.class,
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

  /** Read by the error handlers from the parse result, on any command of the line. */
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
    // the studies and JMH parse their own options
    cl.getSubcommands().get("study").setUnmatchedOptionsArePositionalParams(true);
    cl.getSubcommands().get("bench").setUnmatchedOptionsArePositionalParams(true);
    return cl;
  }

  /** Stack of the thread that runs a command: deep networks may recurse deeply (tests run with -Xss8m too). */
  static final long STACK_BYTES = 64L << 20;

  /** Runs {@code compass} with {@code args} and exits with its exit code (0, 1 or 2). */
  public static void main(String[] args) throws InterruptedException {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int[] code = {EXIT_UNEXPECTED};
    Thread runner = new Thread(null, () -> code[0] = run(commandLine(out, err), args), "compass", STACK_BYTES);
    runner.start();
    runner.join();
    out.flush();
    err.flush();
    System.exit(code[0]);
  }

  /**
   * Runs one command line. Errors that picocli does not handle (a {@link StackOverflowError}, an
   * {@link OutOfMemoryError}) are reported as unexpected errors too.
   */
  static int run(CommandLine cl, String[] args) {
    try {
      return cl.execute(args);
    } catch (Throwable t) { // the last line of defence: one line, exit 1
      PrintWriter err = cl.getErr();
      boolean debug = java.util.Arrays.asList(args).contains("--debug");
      err.println("compass: unexpected error: " + ErrorHandlers.oneLine(String.valueOf(t))
          + (debug ? "" : " (rerun with --debug for the stack trace)"));
      if (debug) t.printStackTrace(err);
      err.flush();
      return EXIT_UNEXPECTED;
    }
  }
}
