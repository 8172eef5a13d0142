package dev.compass.bench.workbench;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The run's progress on stderr: on a terminal a progress bar redrawn in place (with long solves'
 * progress lines printed above it), elsewhere one plain line per finished row; nothing when quiet.
 * Long solves report at most once every {@link #PROGRESS_INTERVAL_SECONDS} per solve.
 */
public final class ProgressConsole implements Harness.Listener {
  /** Least time between two progress lines of one solve. */
  public static final double PROGRESS_INTERVAL_SECONDS = 2.0;

  private final PrintWriter err;
  private final boolean terminal;
  private final boolean quiet;
  private final long start = System.nanoTime();
  private final java.util.Map<String, Double> lastReport = new java.util.HashMap<>();
  private String bar = "";

  /**
   * @param err where to write (stderr)
   * @param terminal whether it is a terminal (draw a bar) or a file/pipe (plain lines)
   * @param quiet print nothing
   */
  public ProgressConsole(PrintWriter err, boolean terminal, boolean quiet) {
    this.err = err;
    this.terminal = terminal;
    this.quiet = quiet;
  }

  /**
   * Whether stderr is a terminal: on Linux, where {@code /proc/self/fd/2} points ({@code /dev/pts/N}
   * or {@code /dev/ttyN}); elsewhere, whether the JVM has a console (stdin and stdout are terminals).
   */
  public static boolean interactive() {
    if ("dumb".equals(System.getenv("TERM"))) return false;
    try {
      String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null;
    }
  }

  @Override
  public synchronized void finished(ResultRow row, int done, int total) {
    if (quiet) return;
    String what = String.format(Locale.ROOT, "%s %s %s %.2fs", row.instance().label(), row.solver(), row.status(), row.solveSeconds());
    if (terminal) {
      int width = 30;
      int filled = total == 0 ? width : (int) Math.round(width * (double) done / total);
      double elapsed = (System.nanoTime() - start) / 1e9;
      double eta = done == 0 ? 0 : elapsed / done * (total - done);
      bar = String.format(Locale.ROOT, "[%s%s] %d/%d %3.0f%% %.0fs eta %.0fs  %s", "#".repeat(filled), ".".repeat(width - filled), done, total,
          100.0 * done / Math.max(1, total), elapsed, eta, what);
      if (bar.length() > 150) bar = bar.substring(0, 150);
      err.print("\r\033[K" + bar);
      if (done == total) {
        err.println();
        bar = "";
      }
    } else {
      err.printf(Locale.ROOT, "[%d/%d] %s%n", done, total, what);
    }
    err.flush();
  }

  @Override
  public synchronized void progress(Instance instance, String solver, double best, double bound, double seconds) {
    if (quiet) return;
    String key = instance.key(solver);
    Double last = lastReport.get(key);
    if (last != null && seconds - last < PROGRESS_INTERVAL_SECONDS) return;
    lastReport.put(key, seconds);
    String line = String.format(Locale.ROOT, "[%s %s %.1fs] best %s  bound %s", solver, instance.label(), seconds, g(best), g(bound));
    if (terminal) {
      err.print("\r\033[K" + line + "\n" + bar);
    } else {
      err.println(line);
    }
    err.flush();
  }

  private static String g(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "-";
  }
}
