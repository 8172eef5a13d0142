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
 * <p>Exit codes, the one contract every command follows (printed by {@code --help}):
 * <ul>
 *   <li>{@value #EXIT_OK} success;
 *   <li>{@value #EXIT_UNEXPECTED} an unexpected (internal) error: one line and a hint to rerun with
 *       {@code --debug}, which prints the stack trace; for {@code verify}, the certificate is rejected
 *       (the line names the first violated inequality);
 *   <li>{@value #EXIT_BAD_INPUT} bad input: a file, a field, a value, the command line, or an output
 *       path that cannot be written ({@link dev.compass.formulation.InputException}): one line
 *       {@code compass: <where>: <what>} on stderr, never a stack trace;
 *   <li>{@value #EXIT_INFEASIBLE} no feasible plan: the solver proved that the instance has none;
 *   <li>{@value #EXIT_NO_PLAN} no plan found within the limits (time limit, generations), none proved
 *       impossible either.
 * </ul>
 * A command that does not exit 0 writes no output file: outputs are staged and moved into place
 * together at the end ({@link dev.compass.formulation.io.AtomicFiles#writeAll}).
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
      MergeCommand.class,
      StudyCommand.class,
      CommandLine.HelpCommand.class,
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:unexpected (internal) error; rerun with --debug for the stack trace (verify: the certificate is rejected)",
      "2:bad input: a file, a field, a value, the command line, or an output that cannot be written (one line on stderr)",
      "3:no feasible plan: the solver proved the instance has none (one line on stderr)",
      "4:no plan found within the limits (--time-limit, --generations), none proved impossible; or --certificate of a solve that proved none (one line on stderr)"
    },
    footer = {"%nA command that does not exit 0 leaves no output file (outputs are written together at the end)."})
public final class Main implements Callable<Integer> {
  /** Exit code of success. */
  public static final int EXIT_OK = 0;
  /** Exit code of bad input (including an output that cannot be written). */
  public static final int EXIT_BAD_INPUT = 2;
  /** Exit code of an unexpected error. */
  public static final int EXIT_UNEXPECTED = 1;
  /** Exit code when the solver proved that no plan is feasible. */
  public static final int EXIT_INFEASIBLE = 3;
  /** Exit code when no plan was found within the limits, and none was proved impossible. */
  public static final int EXIT_NO_PLAN = 4;

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

  /** Runs {@code compass} with {@code args} and exits with its exit code (see the class comment). */
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
    } catch (OutOfMemoryError oom) { // a problem too large for the heap is the input's size, not a bug
      PrintWriter err = cl.getErr();
      err.println("compass: out of memory: this problem does not fit in the Java heap ("
          + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB); give Java more heap (e.g. JAVA_TOOL_OPTIONS=-Xmx"
          + Math.max(2, 2 * Runtime.getRuntime().maxMemory() >> 30) + "g), or use a chip with larger or more arrays"
          + " per core (fewer units); no file was written");
      err.flush();
      return EXIT_BAD_INPUT;
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
