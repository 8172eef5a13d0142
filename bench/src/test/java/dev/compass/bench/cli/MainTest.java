package dev.compass.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.formulation.InputException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top command: help, version, usage errors, and how errors map to exit codes. */
class MainTest {
  @Test
  void everyCommandHasHelp() {
    Map<String, CommandLine> subs = Cli.commandLine().getSubcommands();
    assertThat(subs).containsKeys("models", "hardware");
    for (String name : subs.keySet()) {
      Cli.Result r = Cli.run(name, "--help").ok();
      assertThat(r.out()).as(name).contains("Usage: compass " + name).contains("-h, --help").contains("--debug");
    }
    assertThat(Cli.run("help", "hardware").ok().out()).startsWith("Usage: compass hardware");
    Cli.Result top = Cli.run("--help").ok();
    assertThat(top.out()).startsWith("Usage: compass").contains("models").contains("hardware").contains("Exit codes:");
  }

  @Test
  void versionNamesTheProjectAndTheJava() {
    Cli.Result r = Cli.run("--version").ok();
    // run from classes (no jar metadata) the version is "development build"
    assertThat(r.out()).startsWith("compass ").contains("Java " + System.getProperty("java.version"));
  }

  @Test
  void noCommandIsAUsageError() {
    Cli.Result r = Cli.run().badInput();
    assertThat(r.err()).startsWith("compass: missing command; choose one of models, hardware, ")
        .contains("partition").endsWith("(see 'compass --help')\n");
  }

  @Test
  void anUnknownCommandSuggestsTheNearestOne() {
    Cli.Result r = Cli.run("hardwar").badInput();
    assertThat(r.err()).contains("'hardwar'").contains("did you mean hardware").contains("(see 'compass --help')");
  }

  @Test
  void anUnknownOptionNamesTheCommandsHelp() {
    Cli.Result r = Cli.run("hardware", "--jsn").badInput();
    assertThat(r.err()).isEqualTo("compass: Unknown option: '--jsn'; did you mean --json? (see 'compass hardware --help')\n");
  }

  @Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    private final Throwable toThrow;

    Boom(Throwable toThrow) {
      this.toThrow = toThrow;
    }

    @Override
    public Integer call() throws Exception {
      if (toThrow instanceof Error e) throw e;
      throw (Exception) toThrow;
    }
  }

  private static Cli.Result runBoom(Throwable e, String... args) {
    CommandLine cl = Cli.commandLine();
    cl.addSubcommand("boom", new Boom(e));
    return Cli.run(cl, args);
  }

  @Test
  void errorsPicocliDoesNotCatchAreUnexpectedErrorsToo() {
    CommandLine cl = Cli.commandLine();
    cl.addSubcommand("boom", new Boom(new StackOverflowError()));
    java.io.StringWriter err = new java.io.StringWriter();
    cl.setErr(new java.io.PrintWriter(err, true));
    assertThat(Main.run(cl, new String[] {"boom"})).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("compass: unexpected error: java.lang.StackOverflowError"
        + " (rerun with --debug for the stack trace)\n");
  }

  @Test
  void inputExceptionsExitWithTwoAndOneLine() {
    Cli.Result r = runBoom(new InputException("f.json: rows", "must be a positive integer, got 0"), "boom").badInput();
    assertThat(r.err()).isEqualTo("compass: f.json: rows: must be a positive integer, got 0\n");
  }

  @Test
  void aWrappedInputExceptionIsStillBadInput() {
    Exception wrapped = new IllegalStateException("while reading", new InputException("x.json", "no such file"));
    assertThat(runBoom(wrapped, "boom").badInput().err()).isEqualTo("compass: x.json: no such file\n");
  }

  @Test
  void aMultiLineMessageIsPrintedOnOneLine() {
    Cli.Result r = runBoom(new InputException("f.json", "first\nsecond"), "boom").badInput();
    assertThat(r.err()).isEqualTo("compass: f.json: first second\n");
  }

  @Test
  void unexpectedErrorsExitWithOneAndAHint() {
    Cli.Result r = runBoom(new UncheckedIOException("disk full", new java.io.IOException("disk full")), "boom");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("compass: unexpected error: java.io.UncheckedIOException: disk full"
        + " (rerun with --debug for the stack trace)\n");
  }

  @Test
  void debugPrintsTheStackTraceWhereverItIsGiven() {
    for (String[] args : new String[][] {{"--debug", "boom"}, {"boom", "--debug"}}) {
      Cli.Result r = runBoom(new IllegalStateException("bug"), args);
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err()).startsWith("compass: unexpected error: java.lang.IllegalStateException: bug\n")
          .contains("\njava.lang.IllegalStateException: bug\n\tat dev.compass.bench.cli.MainTest");
    }
  }
}
