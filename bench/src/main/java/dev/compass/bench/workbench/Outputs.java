package dev.compass.bench.workbench;

import dev.compass.bench.html.ReportPage;
import dev.compass.formulation.io.AtomicFiles;
import dev.compass.formulation.io.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a report's files into a folder: {@code results.csv}, {@code results.json} and
 * {@code report.html}. All three texts are built first, then written together by
 * {@link AtomicFiles#writeAll}: staged beside their targets, each moved into place (an atomic rename)
 * only when all are on disk. A failure leaves none of them behind (an {@code InputException} naming
 * the file and the reason: the folder is a file, not writable, ...); a reader never sees a partial
 * file.
 */
public final class Outputs {
  private Outputs() {}

  public static final String CSV = "results.csv";
  public static final String JSON = "results.json";
  public static final String HTML = "report.html";

  /** Writes all three files; returns their paths. */
  public static List<Path> write(Path dir, Report report) {
    String csv = ResultsCsv.format(report.rows());
    String json = Json.toJson(ResultsJson.of(report));
    String html = ReportPage.render(report);
    Map<Path, String> files = new LinkedHashMap<>();
    files.put(dir.resolve(CSV), csv);
    files.put(dir.resolve(JSON), json);
    files.put(dir.resolve(HTML), html);
    AtomicFiles.writeAll(files);
    return List.copyOf(files.keySet());
  }

  /** Writes only {@code results.csv} (a sweep's checkpoint after each row), atomically. */
  public static void writeCsv(Path dir, List<ResultRow> rows) {
    AtomicFiles.write(dir.resolve(CSV), ResultsCsv.format(rows));
  }
}
