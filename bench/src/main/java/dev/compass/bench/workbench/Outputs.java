package dev.compass.bench.workbench;

import dev.compass.bench.html.ReportPage;
import dev.compass.formulation.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a report's files into a folder: {@code results.csv}, {@code results.json} and
 * {@code report.html}. All three texts are built first, then written to temporary files beside
 * their targets, and only when all three are on disk is each moved into place (an atomic rename).
 * A failure while building or staging leaves the folder as it was (the temporary files are
 * removed); a reader never sees a partial file.
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
    List<Path> targets = List.of(dir.resolve(CSV), dir.resolve(JSON), dir.resolve(HTML));
    writeAll(dir, targets, List.of(csv, json, html));
    return targets;
  }

  /** Stages every text in a temporary file, then moves each into place. */
  static void writeAll(Path dir, List<Path> targets, List<String> texts) {
    List<Path> staged = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      for (int k = 0; k < targets.size(); k++) {
        Path tmp = Files.createTempFile(dir, "." + targets.get(k).getFileName(), ".tmp");
        staged.add(tmp);
        Files.writeString(tmp, texts.get(k), StandardCharsets.UTF_8);
        try {
          Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--")); // temp files start private
        } catch (UnsupportedOperationException ignored) {
          // not a POSIX file system: keep its default
        }
      }
      for (int k = 0; k < targets.size(); k++) move(staged.get(k), targets.get(k));
      staged.clear();
    } catch (IOException e) {
      // bad input (exit 2) naming the folder, not an unexpected error, even from inside a harness task
      throw new dev.compass.formulation.InputException(dir.toString(), "cannot write the results: "
          + dev.compass.formulation.io.AtomicFiles.reason(e, dir), e);
    } finally {
      for (Path p : staged) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // the original error is the one to report
        }
      }
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Writes only {@code results.csv} (a sweep's checkpoint after each row), atomically. */
  public static void writeCsv(Path dir, List<ResultRow> rows) {
    writeAll(dir, List.of(dir.resolve(CSV)), List.of(ResultsCsv.format(rows)));
  }
}
