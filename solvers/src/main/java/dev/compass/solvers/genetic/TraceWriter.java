package dev.compass.solvers.genetic;

import dev.compass.formulation.io.AtomicFiles;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a {@link GeneticTrace} as CSV ({@code generation,best,mean}, one line per generation, with a
 * header) or JSON ({@code {"trace":[{"generation":0,"best":...,"mean":...},...]}}). Numbers are
 * written with {@link Double#toString} (they read back exactly).
 */
public final class TraceWriter {
  private TraceWriter() {}

  /** CSV text: header {@code generation,best,mean}, then one line per generation. */
  public static String csv(GeneticTrace trace) {
    StringBuilder sb = new StringBuilder("generation,best,mean\n");
    for (GeneticTrace.Point p : trace.points()) {
      sb.append(p.generation()).append(',').append(p.best()).append(',').append(p.mean()).append('\n');
    }
    return sb.toString();
  }

  /** JSON text: {@code {"trace":[{"generation":0,"best":...,"mean":...},...]}}. */
  public static String json(GeneticTrace trace) {
    StringBuilder sb = new StringBuilder("{\"trace\":[");
    for (int k = 0; k < trace.points().size(); k++) {
      GeneticTrace.Point p = trace.points().get(k);
      if (k > 0) sb.append(',');
      sb.append("\n  {\"generation\":").append(p.generation())
          .append(",\"best\":").append(number(p.best()))
          .append(",\"mean\":").append(number(p.mean())).append('}');
    }
    return sb.append("\n]}\n").toString();
  }

  /** Writes the trace to {@code file} atomically: JSON if the name ends in {@code .json}, else CSV. */
  public static void write(GeneticTrace trace, Path file) {
    boolean json = file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    AtomicFiles.write(file, json ? json(trace) : csv(trace));
  }

  private static String number(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "null";
  }
}
