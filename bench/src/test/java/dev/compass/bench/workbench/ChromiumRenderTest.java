package dev.compass.bench.workbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.compass.bench.html.ReportPage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads a report in headless Chromium (Debian's {@code chromium}, when installed; skipped otherwise):
 * the DOM Chromium builds has every chart, and a screenshot is written. The same check as
 * {@code bench/scripts/render-report.sh}.
 */
class ChromiumRenderTest {
  static Optional<String> chromium() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        if (Files.isExecutable(Path.of(dir, name))) return Optional.of(Path.of(dir, name).toString());
      }
    }
    return Optional.empty();
  }

  static String run(List<String> cmd, Path dir) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    assertThat(p.exitValue()).as("chromium exit code").isZero();
    return new String(out, StandardCharsets.UTF_8);
  }

  @Test
  void chromiumRendersEveryChart(@TempDir Path dir) throws Exception {
    Optional<String> browser = chromium();
    assumeTrue(browser.isPresent(), "chromium is not installed (apt-get install -y chromium)");
    Problems p = Fixtures.problems();
    Outputs.write(dir, Report.of(Fixtures.solve(p, "latency", "edp"), p, Map.of("command", "test")));
    String url = dir.resolve(Outputs.HTML).toUri().toString();
    List<String> base = new ArrayList<>(List.of(browser.get(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
        "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + dir.resolve("profile")));
    List<String> dump = new ArrayList<>(base);
    dump.addAll(List.of("--dump-dom", url));
    String dom = run(dump, dir);
    for (String kind : ReportPage.CHART_KINDS) assertThat(dom).as("rendered chart " + kind).contains("data-chart=\"" + kind + "\"");
    List<String> shot = new ArrayList<>(base);
    Path png = dir.resolve("report.png");
    shot.addAll(List.of("--screenshot=" + png, "--window-size=1400,3000", url));
    run(shot, dir);
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes.length).isGreaterThan(10_000);
    assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
  }
}
