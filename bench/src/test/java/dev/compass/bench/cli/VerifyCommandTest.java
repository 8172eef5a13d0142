package dev.compass.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compass partition --certificate} and {@code compass verify}: exit 0 and one line for a DP or costRegular
 * certificate, exit 1 naming the violated inequality for a tampered one or a plan that is not optimal, exit 2 for
 * bad input.
 */
class VerifyCommandTest {
  @TempDir static Path dir;
  static Path plan;
  static Path cert;
  static final String[] PROBLEM = {"--model", "resnet18", "--hw", "compass-s", "--batch", "16", "--objective", "edp"};

  @BeforeAll
  static void solve() {
    plan = dir.resolve("plan.json");
    cert = dir.resolve("cert.json");
    Cli.run(concat("partition", "--solver", "dp", "--out", plan.toString(), "--certificate", cert.toString())).ok();
  }

  static String[] concat(String... head) {
    String[] all = new String[head.length + PROBLEM.length];
    System.arraycopy(head, 0, all, 0, 1);
    System.arraycopy(PROBLEM, 0, all, 1, PROBLEM.length);
    System.arraycopy(head, 1, all, 1 + PROBLEM.length, head.length - 1);
    return all;
  }

  private static Cli.Result verify(Path p, Path c, String... extra) {
    String[] base = concat("verify", "--plan", p.toString(), "--certificate", c.toString());
    String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return Cli.run(all);
  }

  @Test
  void aDpCertificateIsOptimalWithinRoundOff() {
    Cli.Result r = verify(plan, cert, "--tolerance", "1e-9").ok();
    assertThat(r.out()).startsWith("optimal within ").endsWith("s)\n");
    assertThat(r.out().strip()).doesNotContain("\n");
  }

  @Test
  void aCostRegularCertificateChecksToo() {
    Path p = dir.resolve("cp-plan.json");
    Path c = dir.resolve("cp-cert.json");
    Cli.run(concat("partition", "--solver", "cp", "--time-limit", "60", "--out", p.toString(), "--certificate", c.toString())).ok();
    assertThat(verify(p, c).ok().out()).startsWith("optimal within ");
  }

  /** With weight prefetch the DP's certificate is over candidates (the pair DP's labels), and verify checks it. */
  @Test
  void aPrefetchCertificateOverCandidatesChecks() throws IOException {
    Path p = dir.resolve("prefetch-plan.json");
    Path c = dir.resolve("prefetch-cert.json");
    Path chip = dir.resolve("compass-s-prefetch.json"); // compass-s with prefetch: few candidates, a quick check
    String preset = Cli.run("hardware", "compass-s", "--json").ok().out();
    assertThat(preset).contains("\"prefetch\" : false");
    Files.writeString(chip, preset.replace("\"prefetch\" : false", "\"prefetch\" : true"));
    String[] problem = {"--model", "resnet18", "--hw", chip.toString(), "--batch", "16", "--objective", "latency"};
    String[] solve = java.util.stream.Stream.concat(java.util.stream.Stream.of("partition", "--out", p.toString(), "--certificate",
        c.toString()), java.util.Arrays.stream(problem)).toArray(String[]::new);
    Cli.run(solve).ok();
    assertThat(Files.readString(c)).contains("\"nodes\" : \"candidates\"");
    String[] check = java.util.stream.Stream.concat(java.util.stream.Stream.of("verify", "--plan", p.toString(), "--certificate",
        c.toString()), java.util.Arrays.stream(problem)).toArray(String[]::new);
    assertThat(Cli.run(check).ok().out()).startsWith("optimal within ");
    // the same certificate on the chip without prefetch: bad input, naming the nodes
    check[java.util.Arrays.asList(check).indexOf(chip.toString())] = "compass-s";
    assertThat(Cli.run(check).badInput().err()).contains("nodes").contains("no weight prefetch");
  }

  @Test
  void aMovedPotentialExitsOneNamingTheInequality() throws IOException {
    String text = Files.readString(cert);
    // the first potentials array: move its second entry (pi_1) up by a lot
    int open = text.indexOf("\"potentials\" : [");
    int first = text.indexOf(',', open);
    int second = text.indexOf(',', first + 1);
    String tampered = text.substring(0, first + 1) + " 1.0" + text.substring(second);
    Path bad = dir.resolve("tampered.json");
    Files.writeString(bad, tampered);
    Cli.Result r = verify(plan, bad);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).startsWith("not proven: facets[0]").contains("pi_1").contains("is violated");
  }

  /** The values a certificate states beside its proof are checked: a tampered one is rejected, an absent one is fine. */
  @Test
  void statedValuesThatTheProofDoesNotSupportExitOne() throws IOException {
    com.fasterxml.jackson.databind.node.ObjectNode c =
        (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(cert.toFile());
    double value = c.get("planObjective").asDouble();
    Path bad = dir.resolve("claims.json");

    c.put("lowerBound", value * 1.01); // 1% above the plan: no plan's bound can be
    Files.writeString(bad, c.toString());
    Cli.Result r = verify(plan, bad);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).startsWith("not proven: lowerBound: the certificate states ").contains("its facets prove only");

    c.put("lowerBound", value);
    c.put("planObjective", value * 0.5); // the plan's EDP halved
    Files.writeString(bad, c.toString());
    r = verify(plan, bad);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).startsWith("not proven: planObjective: the certificate states ").contains("recomputed by the cost model");

    c.remove("planObjective");
    c.remove("lowerBound");
    Files.writeString(bad, c.toString());
    assertThat(verify(plan, bad).ok().out()).startsWith("optimal within ");

    c.put("planObjective", "x");
    Files.writeString(bad, c.toString());
    assertThat(verify(plan, bad).badInput().err()).contains("claims.json").contains("planObjective");
  }

  @Test
  void aPlanThatIsNotOptimalExitsOne() {
    Path greedy = dir.resolve("greedy.json");
    Cli.run(concat("partition", "--solver", "greedy", "--out", greedy.toString())).ok();
    Cli.Result r = verify(greedy, cert);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).startsWith("not proven: ").contains("bound E*T");
  }

  @Test
  void badInputExitsTwo() throws IOException {
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"format\":\"compass-certificate\",\"version\":1,\"objective\":\"edp\",\"units\":3,\"facets\":[]}");
    assertThat(verify(plan, broken).badInput().err()).contains("broken.json").contains("facets");
    Cli.Result r = Cli.run("verify", "--model", "resnet18", "--hw", "compass-s", "--batch", "16", "--objective", "latency",
        "--plan", plan.toString(), "--certificate", cert.toString()).badInput();
    assertThat(r.err()).contains("proves edp");
  }
}
