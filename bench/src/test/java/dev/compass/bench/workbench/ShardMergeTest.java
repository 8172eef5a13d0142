package dev.compass.bench.workbench;

import static dev.compass.bench.workbench.CommandsTest.compass;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.compass.bench.workbench.CommandsTest.Run;
import dev.compass.formulation.InputException;
import dev.compass.formulation.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sweep --shard K/N} and {@code merge}: two shards merged give the unsharded run's outputs. */
class ShardMergeTest {
  /** 1 model x 1 chip x 1 batch x 2 objectives x 3 solvers = 6 cells. */
  static String[] grid(Path out, String... more) {
    List<String> a = new ArrayList<>(List.of("sweep", "--model", "squeezenet1_0", "--hw", "compass-s", "--batch", "16",
        "--objective", "latency,edp", "--solvers", "dp,greedy,layerwise", "--quiet", "--out", out.toString()));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  @Test
  void shardsPartitionTheCellsEvenlyWhateverTheirOrder() {
    Grid g = new Grid(List.of("resnet18", "vgg16"), List.of("compass-s", "compass-m", "compass-l"), List.of(1, 16, 64),
        List.of("latency", "energy", "edp"), List.of("dp", "greedy", "layerwise", "genetic", "ilp-path", "ilp-path-scip", "ilp-compact", "cp"));
    List<Cell> cells = g.cells(); // 432
    assertThat(Shard.ALL.select(cells)).isEqualTo(cells);
    for (int n : List.of(1, 2, 3, 8, 7, 50)) {
      Set<String> seen = new HashSet<>();
      int total = 0;
      for (int k = 1; k <= n; k++) {
        List<Cell> part = new Shard(k, n).select(cells);
        assertThat(part.size()).as("shard %d/%d", k, n).isBetween(cells.size() / n, cells.size() / n + 1);
        for (Cell c : part) seen.add(c.key());
        total += part.size();
        if (n == 8) { // 8 solvers: the hashing still mixes them (grid order dealt round-robin would give one solver per shard)
          assertThat(part.stream().map(Cell::solver).distinct().count()).as("solvers in shard %d/8", k).isGreaterThanOrEqualTo(6);
        }
      }
      assertThat(total).as("n=%d", n).isEqualTo(cells.size());
      assertThat(seen).hasSize(cells.size());
    }
    // the split depends on the set of cells, not on the order the options list them
    Grid reordered = new Grid(List.of("vgg16", "resnet18"), List.of("compass-l", "compass-s", "compass-m"), List.of(64, 1, 16),
        List.of("edp", "latency", "energy"), List.of("cp", "dp", "greedy", "layerwise", "genetic", "ilp-path", "ilp-path-scip", "ilp-compact"));
    assertThat(new HashSet<>(new Shard(3, 8).select(reordered.cells()))).isEqualTo(new HashSet<>(new Shard(3, 8).select(cells)));
    // a cell's rank is the SHA-256 of its key: the first of 2 shards holds the cells of rank 0, 2, 4, ...
    List<Cell> five = new Grid(List.of("m"), List.of("h"), List.of(1), List.of("latency"), List.of("a", "b", "c", "d", "e")).cells();
    List<String> byDigest = five.stream().map(Cell::key).sorted(java.util.Comparator.comparing(ShardMergeTest::sha256)).toList();
    assertThat(new Shard(1, 2).select(five)).extracting(Cell::key).containsExactlyInAnyOrder(byDigest.get(0), byDigest.get(2), byDigest.get(4));

    assertThat(Shard.parse(" 2/8 ", "--shard")).isEqualTo(new Shard(2, 8));
    for (String bad : List.of("0/2", "3/2", "2", "a/b", "1/0", "/2", "-1/2")) {
      assertThatThrownBy(() -> Shard.parse(bad, "--shard")).isInstanceOf(InputException.class).hasMessageContaining("--shard")
          .hasMessageContaining("'" + bad + "'").hasMessageContaining("K/N");
    }
  }

  private static String sha256(String s) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return String.format("%064x", new java.math.BigInteger(1, d));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void twoShardsMergedEqualOneUnshardedRun(@TempDir Path dir) throws Exception {
    Path whole = dir.resolve("whole");
    Path s1 = dir.resolve("s1");
    Path s2 = dir.resolve("s2");
    Path merged = dir.resolve("merged");
    assertThat(compass(grid(whole)).exit()).isZero();
    Run r1 = compass(grid(s1, "--shard", "1/2"));
    assertThat(r1.exit()).as(r1.err()).isZero();
    assertThat(compass(grid(s2, "--shard", "2/2")).exit()).isZero();
    assertThat(ResultsCsv.read(s1.resolve("results.csv"))).hasSize(3);
    assertThat(ResultsCsv.read(s2.resolve("results.csv"))).hasSize(3);

    Run m = compass("merge", s2.toString(), s1.toString(), "--out", merged.toString());
    assertThat(m.exit()).as(m.err()).isZero();
    assertThat(m.err()).isEmpty();
    assertThat(m.out()).contains("merged 6 rows from 2 folders");
    // row for row (in grid order, whatever the order of the folders) the unsharded run's, but for the wall-clock solve times
    assertThat(withoutTimes(ResultsCsv.read(merged.resolve("results.csv")))).isEqualTo(withoutTimes(ResultsCsv.read(whole.resolve("results.csv"))));
    JsonNode a = Json.MAPPER.readTree(whole.resolve("results.json").toFile());
    JsonNode b = Json.MAPPER.readTree(merged.resolve("results.json").toFile());
    for (String part : List.of("rows", "instances", "pareto")) {
      assertThat(stripTimes(b.get(part))).as(part).isEqualTo(stripTimes(a.get(part)));
    }
    assertThat(b.get("run").get("shards").asText()).isEqualTo("1/2, 2/2");
    assertThat(b.get("run").get("missingCells").asText()).isEqualTo("0");
    assertThat(Files.readString(merged.resolve("report.html"))).contains("squeezenet1_0");
  }

  @Test
  void mergeListsMissingCellsAndRejectsDuplicatesAndBadFolders(@TempDir Path dir) throws Exception {
    Path s1 = dir.resolve("s1");
    Path s3 = dir.resolve("s3");
    assertThat(compass(grid(s1, "--shard", "1/3")).exit()).isZero();
    assertThat(compass(grid(s3, "--shard", "3/3")).exit()).isZero();

    Run missing = compass("merge", s1.toString(), s3.toString(), "--out", dir.resolve("m").toString());
    assertThat(missing.exit()).as(missing.err()).isZero();
    // the cells of shard 2/3: the whole grid's rows less those of shards 1 and 3
    Path whole = dir.resolve("whole");
    assertThat(compass(grid(whole)).exit()).isZero();
    Set<String> present = new HashSet<>();
    for (Path s : List.of(s1, s3)) for (ResultRow r : ResultsCsv.read(s.resolve("results.csv"))) present.add(r.key());
    List<ResultRow> absent = ResultsCsv.read(whole.resolve("results.csv")).stream().filter(r -> !present.contains(r.key())).toList();
    assertThat(absent).hasSize(2); // 6 cells in 3 shards of 2
    assertThat(missing.err()).contains("2 of 6 cells of the grid are missing; shards not given: 2/3");
    for (ResultRow r : absent) assertThat(missing.err()).contains("missing " + r.instance().label() + " " + r.solver() + "\n");
    assertThat(ResultsCsv.read(dir.resolve("m/results.csv"))).hasSize(4);
    assertThat(Json.MAPPER.readTree(dir.resolve("m/results.json").toFile()).get("run").get("missingCells").asText()).isEqualTo("2");

    // the same shard twice (a copy): duplicate cells, exit 2, one line naming both files
    Path copy = dir.resolve("copy");
    Files.createDirectories(copy);
    for (String f : List.of("results.csv", "results.json")) Files.copy(s1.resolve(f), copy.resolve(f));
    Run dup = compass("merge", s1.toString(), copy.toString(), "--out", dir.resolve("d").toString());
    assertThat(dup.exit()).isEqualTo(2);
    assertThat(dup.err().strip()).doesNotContain("\n").contains(copy.resolve("results.csv").toString())
        .contains(s1.resolve("results.csv").toString()).contains("every cell must come from one shard");
    assertThat(dir.resolve("d")).doesNotExist();

    Run into = compass("merge", s1.toString(), s3.toString(), "--out", s3.toString());
    assertThat(into.exit()).isEqualTo(2);
    assertThat(into.err()).contains("--out").contains("is one of the folders to merge");

    Run none = compass("merge", dir.resolve("nope").toString(), "--out", dir.resolve("n").toString());
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).startsWith("compass: ").contains("nope").contains("is not a folder");

    Path empty = dir.resolve("empty");
    Files.createDirectories(empty);
    Run noCsv = compass("merge", empty.toString(), "--out", dir.resolve("n").toString());
    assertThat(noCsv.exit()).isEqualTo(2);
    assertThat(noCsv.err()).contains(empty.resolve("results.csv").toString()).contains("is missing");

    Files.writeString(copy.resolve("results.csv"), "model,hardware\nx,y\n");
    Run bad = compass("merge", copy.toString(), "--out", dir.resolve("n").toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains(copy.resolve("results.csv").toString()).contains("is not a compass results.csv");

    // shards of different grids
    Path other = dir.resolve("other");
    assertThat(compass(grid(other, "--shard", "2/3", "--batch", "4")).exit()).isZero();
    Run grids = compass("merge", s1.toString(), other.toString(), "--out", dir.resolve("n").toString());
    assertThat(grids.exit()).isEqualTo(2);
    assertThat(grids.err()).contains("run.batches is '16, 4'").contains("merge only the shards of one grid");

    // shards of different splits of the same grid
    Path quarter = dir.resolve("quarter");
    assertThat(compass(grid(quarter, "--shard", "2/4")).exit()).isZero();
    Run splits = compass("merge", s1.toString(), quarter.toString(), "--out", dir.resolve("n").toString());
    assertThat(splits.exit()).isEqualTo(2);
    assertThat(splits.err()).contains(quarter.resolve("results.json").toString()).contains("run.shard is 2/4 but another folder is a shard of 3");
    assertThat(dir.resolve("n")).doesNotExist();
  }

  @Test
  void shardedSweepResumesWithinItsShard(@TempDir Path dir) {
    Path s = dir.resolve("s");
    assertThat(compass(grid(s, "--shard", "2/2")).exit()).isZero();
    Run loud = compass("sweep", "--model", "squeezenet1_0", "--hw", "compass-s", "--batch", "16", "--objective", "latency,edp",
        "--solvers", "dp,greedy,layerwise", "--out", s.toString(), "--shard", "2/2");
    assertThat(loud.err()).contains("shard 2/2 (3 cells), 3 rows already in").contains("0 solves");
  }

  @Test
  void badShardAndSparkWithoutTheSparkBuildAreInputErrors(@TempDir Path dir) {
    Run bad = compass(grid(dir, "--shard", "3/2"));
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).startsWith("compass: --shard: '3/2' is not a shard");
    Run spark = compass(grid(dir, "--spark", "local[2]"));
    assertThat(spark.exit()).isEqualTo(2);
    assertThat(spark.err()).contains("--spark").contains("compass-spark.jar").doesNotContain("Exception");
    assertThat(dir.resolve("results.csv")).doesNotExist();
  }

  private static List<ResultRow> withoutTimes(List<ResultRow> rows) {
    return rows.stream().map(r -> new ResultRow(r.instance(), r.solver(), r.status(), r.objectiveValue(), r.latencySeconds(), r.energyJoules(),
        r.edp(), r.throughput(), r.partitions(), 0, r.lowerBound(), r.gap(), r.simLatencySeconds(), r.simDeviation(), r.rooflineSeconds(),
        r.rooflineFraction(), r.plan(), r.trace(), r.error())).toList();
  }

  private static JsonNode stripTimes(JsonNode n) {
    JsonNode c = n.deepCopy();
    for (JsonNode e : c) if (e instanceof ObjectNode o) o.remove("solveSeconds");
    return c;
  }
}
