package dev.compass.bench.workbench;

import dev.compass.formulation.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code results.csv}: a header line and one line per {@link ResultRow}, comma separated (RFC 4180
 * quoting), numbers as Java writes doubles (exact round trip), {@code n/a} where a number does not
 * apply. {@link #read} reads what {@link #format} wrote, so that {@code compass sweep} can resume.
 */
public final class ResultsCsv {
  private ResultsCsv() {}

  /** The column names, in order. */
  public static final List<String> COLUMNS = List.of(
      "model", "hardware", "batch", "objective", "solver", "status", "objectiveValue", "latencySeconds", "energyJoules",
      "edp", "throughput", "partitions", "solveSeconds", "lowerBound", "gap", "simLatencySeconds", "simDeviation",
      "rooflineSeconds", "rooflineFraction", "plan", "trace", "error");

  /** The whole file's text. */
  public static String format(List<ResultRow> rows) {
    StringBuilder b = new StringBuilder(String.join(",", COLUMNS)).append('\n');
    for (ResultRow r : rows) {
      Instance i = r.instance();
      List<String> cells = List.of(i.model(), i.hardware(), Integer.toString(i.batch()), i.objective(), r.solver(), r.status(),
          num(r.objectiveValue()), num(r.latencySeconds()), num(r.energyJoules()), num(r.edp()), num(r.throughput()),
          Integer.toString(r.partitions()), num(r.solveSeconds()), num(r.lowerBound()), num(r.gap()), num(r.simLatencySeconds()),
          num(r.simDeviation()), num(r.rooflineSeconds()), num(r.rooflineFraction()), r.plan(), trace(r.trace()), r.error());
      for (int k = 0; k < cells.size(); k++) {
        if (k > 0) b.append(',');
        b.append(quote(cells.get(k)));
      }
      b.append('\n');
    }
    return b.toString();
  }

  /** The rows of a results file; a missing file has none. */
  public static List<ResultRow> read(Path file) {
    if (!Files.exists(file)) return List.of();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  /** The rows of a results file's text; {@code where} names it in errors. */
  public static List<ResultRow> parse(String text, String where) {
    List<List<String>> lines = split(text, where);
    if (lines.isEmpty()) return List.of();
    if (!lines.get(0).equals(COLUMNS)) {
      throw new InputException(where, "is not a compass results.csv (header " + lines.get(0) + "); expected columns " + COLUMNS);
    }
    List<ResultRow> rows = new ArrayList<>();
    for (int n = 1; n < lines.size(); n++) {
      List<String> c = lines.get(n);
      if (c.size() == 1 && c.get(0).isEmpty()) continue;
      if (c.size() != COLUMNS.size()) {
        throw new InputException(where + ":" + (n + 1), "has " + c.size() + " cells, expected " + COLUMNS.size());
      }
      try {
        rows.add(new ResultRow(new Instance(c.get(0), c.get(1), Integer.parseInt(c.get(2)), c.get(3)), c.get(4), c.get(5),
            dbl(c.get(6)), dbl(c.get(7)), dbl(c.get(8)), dbl(c.get(9)), dbl(c.get(10)), Integer.parseInt(c.get(11)),
            dbl(c.get(12)), dbl(c.get(13)), dbl(c.get(14)), dbl(c.get(15)), dbl(c.get(16)), dbl(c.get(17)), dbl(c.get(18)),
            c.get(19), traceOf(c.get(20)), c.get(21)));
      } catch (IllegalArgumentException e) {
        throw new InputException(where + ":" + (n + 1), "cannot be read: " + e.getMessage());
      }
    }
    return List.copyOf(rows);
  }

  static String num(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "n/a";
  }

  private static double dbl(String s) {
    return s.isEmpty() || s.equals("n/a") ? Double.NaN : Double.parseDouble(s);
  }

  private static String trace(List<Double> t) {
    StringBuilder b = new StringBuilder();
    for (double v : t) {
      if (b.length() > 0) b.append(' ');
      b.append(v);
    }
    return b.toString();
  }

  private static List<Double> traceOf(String s) {
    if (s.isBlank()) return List.of();
    return Arrays.stream(s.trim().split("\\s+")).map(Double::valueOf).toList();
  }

  private static String quote(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  /** RFC 4180 lines and cells. */
  private static List<List<String>> split(String text, String where) {
    List<List<String>> lines = new ArrayList<>();
    List<String> cur = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    int k = 0;
    while (k < text.length()) {
      char ch = text.charAt(k);
      if (quoted) {
        if (ch == '"') {
          if (k + 1 < text.length() && text.charAt(k + 1) == '"') {
            cell.append('"');
            k++;
          } else {
            quoted = false;
          }
        } else {
          cell.append(ch);
        }
      } else if (ch == '"' && cell.length() == 0) {
        quoted = true;
      } else if (ch == ',') {
        cur.add(cell.toString());
        cell.setLength(0);
      } else if (ch == '\n' || ch == '\r') {
        if (ch == '\r' && k + 1 < text.length() && text.charAt(k + 1) == '\n') k++;
        cur.add(cell.toString());
        cell.setLength(0);
        lines.add(cur);
        cur = new ArrayList<>();
      } else {
        cell.append(ch);
      }
      k++;
    }
    if (quoted) throw new InputException(where, "ends inside a quoted cell (a partial write?)");
    if (cell.length() > 0 || !cur.isEmpty()) {
      cur.add(cell.toString());
      lines.add(cur);
    }
    return lines;
  }
}
