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
      String line = where + ":" + (n + 1);
      rows.add(new ResultRow(new Instance(c.get(0), c.get(1), integer(c, 2, line), c.get(3)), c.get(4), c.get(5),
          dbl(c, 6, line), dbl(c, 7, line), dbl(c, 8, line), dbl(c, 9, line), dbl(c, 10, line), integer(c, 11, line),
          dbl(c, 12, line), dbl(c, 13, line), dbl(c, 14, line), dbl(c, 15, line), dbl(c, 16, line), dbl(c, 17, line),
          dbl(c, 18, line), c.get(19), traceOf(c, 20, line), c.get(21)));
    }
    return List.copyOf(rows);
  }

  static String num(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "n/a";
  }

  /** Cell {@code i} as a number ({@code n/a} or empty: none); an error names the line, the column and the cell. */
  private static double dbl(List<String> c, int i, String line) {
    String s = c.get(i);
    if (s.isEmpty() || s.equals("n/a")) return Double.NaN;
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new InputException(line, "column " + COLUMNS.get(i) + ": must be a number or n/a, got \"" + s + "\"");
    }
  }

  private static int integer(List<String> c, int i, String line) {
    try {
      return Integer.parseInt(c.get(i));
    } catch (NumberFormatException e) {
      throw new InputException(line, "column " + COLUMNS.get(i) + ": must be an integer, got \"" + c.get(i) + "\"");
    }
  }

  private static String trace(List<Double> t) {
    StringBuilder b = new StringBuilder();
    for (double v : t) {
      if (b.length() > 0) b.append(' ');
      b.append(v);
    }
    return b.toString();
  }

  private static List<Double> traceOf(List<String> c, int i, String line) {
    String s = c.get(i);
    if (s.isBlank()) return List.of();
    try {
      return Arrays.stream(s.trim().split("\\s+")).map(Double::valueOf).toList();
    } catch (NumberFormatException e) {
      throw new InputException(line, "column " + COLUMNS.get(i) + ": must be numbers separated by spaces, got \"" + s + "\"");
    }
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
