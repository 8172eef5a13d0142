package dev.compass.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code compass} in-process with captured output. */
final class Cli {
  private Cli() {}

  /** What one run printed and returned. */
  record Result(int exit, String out, String err) {
    /** Asserts the bad-input contract: exit 2, one line on stderr, no stack trace, nothing on stdout. */
    Result badInput() {
      assertThat(exit).as("exit code; stderr: " + err).isEqualTo(2);
      assertThat(out).as("stdout").isEmpty();
      assertThat(err).as("stderr is one line").endsWith("\n").doesNotContain("\r");
      assertThat(err.strip()).as("stderr is one line").doesNotContain("\n").startsWith("compass: ");
      assertThat(err).as("no stack trace").doesNotContain("Exception").doesNotContain("at dev.").doesNotContain("\tat ");
      return this;
    }

    /** Asserts success: exit 0, nothing on stderr. */
    Result ok() {
      assertThat(exit).as("exit code; stderr: " + err).isZero();
      assertThat(err).as("stderr").isEmpty();
      return this;
    }
  }

  static Result run(String... args) {
    return run(Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())), args);
  }

  /** Runs {@code args} on a command line built by {@code Main.commandLine} (perhaps with extra subcommands). */
  static Result run(CommandLine cl, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  static CommandLine commandLine() {
    return Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
  }
}
