package dev.compass.bench.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain text table: a header row, data rows, columns padded to their widest cell. */
final class Table {
  private final List<String[]> rows = new ArrayList<>();
  private final boolean[] rightAligned;

  /** {@code header} cells; a header starting with {@code '>'} marks a right-aligned (numeric) column. */
  Table(String... header) {
    rightAligned = new boolean[header.length];
    String[] h = new String[header.length];
    for (int i = 0; i < header.length; i++) {
      rightAligned[i] = header[i].startsWith(">");
      h[i] = rightAligned[i] ? header[i].substring(1) : header[i];
    }
    rows.add(h);
  }

  Table row(Object... cells) {
    if (cells.length != rightAligned.length) {
      throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + rightAligned.length + " columns");
    }
    rows.add(Arrays.stream(cells).map(String::valueOf).toArray(String[]::new));
    return this;
  }

  void print(PrintWriter out) {
    int[] width = new int[rightAligned.length];
    for (String[] r : rows) for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        if (i > 0) line.append("  ");
        String pad = " ".repeat(width[i] - r[i].length());
        line.append(rightAligned[i] ? pad + r[i] : (i == r.length - 1 ? r[i] : r[i] + pad));
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }
}
