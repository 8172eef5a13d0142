package dev.compass.bench.cli;

import dev.compass.formulation.InputException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** How {@code compass} reports errors: one line on stderr, an exit code, a stack trace only with {@code --debug}. */
final class ErrorHandlers {
  private ErrorHandlers() {}

  /** Errors thrown while a command runs: bad input (exit 2) or a bug (exit 1). */
  static final class Execution implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
      PrintWriter err = cl.getErr();
      boolean debug = debug(parsed);
      InputException input = inputCause(ex);
      if (input != null) {
        err.println("compass: " + oneLine(input.getMessage()));
        if (debug) ex.printStackTrace(err);
        err.flush();
        return Main.EXIT_BAD_INPUT;
      }
      err.println("compass: unexpected error: " + oneLine(String.valueOf(ex))
          + (debug ? "" : " (rerun with --debug for the stack trace)"));
      if (debug) ex.printStackTrace(err);
      err.flush();
      return Main.EXIT_UNEXPECTED;
    }
  }

  /** Errors in the command line itself (unknown option, missing value, ...): exit 2. */
  static final class Parameters implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
      CommandLine cl = ex.getCommandLine();
      StringBuilder line = new StringBuilder("compass: ").append(oneLine(ex.getMessage()));
      if (ex instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
        line.append("; did you mean ").append(String.join(" or ", u.getSuggestions())).append('?');
      }
      line.append(" (see '").append(cl.getCommandSpec().qualifiedName()).append(" --help')");
      cl.getErr().println(line);
      cl.getErr().flush();
      return Main.EXIT_BAD_INPUT;
    }
  }

  /** The InputException that caused {@code ex}, if any (it may arrive wrapped). */
  static InputException inputCause(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof InputException ie) return ie;
      if (t.getCause() == t) break;
    }
    return null;
  }

  /** Whether {@code --debug} was given anywhere on the command line. */
  static boolean debug(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--debug")) return true;
    }
    return false;
  }

  /** Messages are one line: any line break (e.g. from a parser) becomes a space. */
  static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
