package dev.compass.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.formulation.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON of {@code inspect}, {@code partition} and {@code evaluate} that the README promises: every
 * field it lists is there with its type, and every field named here is listed in the README's contract
 * paragraph (so the two cannot drift apart). More fields may appear.
 */
class JsonContractTest {
  /** Surefire runs in the module's folder, {@code <repo>/bench}. */
  static final Path README = Path.of("").toAbsolutePath().getParent().resolve("README.md");

  enum Type { INT, NUMBER, TEXT, BOOL, NUMBER_OR_NULL, OBJECT_OR_NULL }

  static final Map<String, Type> INSPECT = Map.of("units", Type.INT);
  static final Map<String, Type> TOTALS = Map.of("arrays", Type.INT, "weightBytes", Type.NUMBER, "macsPerImage", Type.INT);
  static final Map<String, Type> STAGE = Map.ofEntries(Map.entry("name", Type.TEXT), Map.entry("kind", Type.TEXT),
      Map.entry("rows", Type.INT), Map.entry("cols", Type.INT), Map.entry("groups", Type.INT), Map.entry("mvmsPerImage", Type.INT),
      Map.entry("macsPerImage", Type.INT), Map.entry("rowTiles", Type.INT), Map.entry("colTiles", Type.INT),
      Map.entry("arrays", Type.INT), Map.entry("units", Type.INT), Map.entry("firstUnit", Type.INT), Map.entry("weightBytes", Type.NUMBER));
  static final Map<String, Type> EDGE = Map.of("from", Type.TEXT, "to", Type.TEXT, "fromIndex", Type.INT, "toIndex", Type.INT,
      "bytesPerImage", Type.NUMBER);
  static final Map<String, Type> RESULT = Map.of("solver", Type.TEXT, "objective", Type.TEXT, "batch", Type.INT,
      "objectiveValue", Type.NUMBER, "latencySeconds", Type.NUMBER, "energyJoules", Type.NUMBER, "edp", Type.NUMBER,
      "throughput", Type.NUMBER, "solveSeconds", Type.NUMBER);
  static final Map<String, Type> CERTIFICATE = Map.of("optimal", Type.BOOL, "lowerBound", Type.NUMBER_OR_NULL, "method", Type.TEXT);
  static final Map<String, Type> PARTITION = Map.ofEntries(Map.entry("firstUnit", Type.INT), Map.entry("lastUnit", Type.INT),
      Map.entry("latencySeconds", Type.NUMBER), Map.entry("energyJoules", Type.NUMBER), Map.entry("writeSeconds", Type.NUMBER),
      Map.entry("computeSeconds", Type.NUMBER), Map.entry("fillSeconds", Type.NUMBER), Map.entry("bottleneckSeconds", Type.NUMBER),
      Map.entry("vectorSeconds", Type.NUMBER), Map.entry("bindingLoad", Type.OBJECT_OR_NULL), Map.entry("weightBytes", Type.NUMBER),
      Map.entry("ioBytes", Type.NUMBER), Map.entry("rowsWritten", Type.INT));
  static final Map<String, Type> BINDING_LOAD = Map.of("stage", Type.TEXT, "seconds", Type.NUMBER);

  @TempDir static Path tmp;
  static JsonNode inspect;
  static JsonNode partition;
  static JsonNode evaluate;
  static String contract;

  @BeforeAll
  static void run() throws IOException {
    // batch 1 on the large chip: one of the optimum's partitions waits for its first image's load (a binding load)
    String[] problem = {"--model", "squeezenet1_0", "--hw", "compass-l", "--batch", "1"};
    inspect = Json.MAPPER.readTree(Cli.run("inspect", "--json", "--model", "squeezenet1_0", "--hw", "compass-s").ok().out());
    Path plan = tmp.resolve("plan.json");
    partition = Json.MAPPER.readTree(Cli.run(concat(new String[] {"partition", "--solver", "dp", "--quiet", "--json", "--out", plan.toString()},
        problem)).ok().out());
    evaluate = Json.MAPPER.readTree(Cli.run(concat(new String[] {"evaluate", "--json", "--plan", plan.toString()}, problem)).ok().out());
    String readme = Files.readString(README);
    int from = readme.indexOf("The JSON of `inspect`, `partition` and `evaluate` is a contract");
    contract = readme.substring(from, readme.indexOf("\n## ", from));
  }

  static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static void check(String where, JsonNode n, Map<String, Type> fields) {
    assertThat(n.isObject()).as(where + " is an object").isTrue();
    fields.forEach((name, type) -> {
      assertThat(n.has(name)).as(where + "." + name + " is present").isTrue();
      JsonNode v = n.get(name);
      String at = where + "." + name + " = " + v + " is " + type;
      switch (type) {
        case INT -> assertThat(v.isIntegralNumber()).as(at).isTrue();
        case NUMBER -> assertThat(v.isNumber()).as(at).isTrue();
        case TEXT -> assertThat(v.isTextual()).as(at).isTrue();
        case BOOL -> assertThat(v.isBoolean()).as(at).isTrue();
        case NUMBER_OR_NULL -> assertThat(v.isNumber() || v.isNull()).as(at).isTrue();
        case OBJECT_OR_NULL -> assertThat(v.isObject() || v.isNull()).as(at).isTrue();
      }
      assertThat(contract).as("README's JSON contract names " + name).contains(name);
    });
  }

  @Test
  void inspectKeepsItsFields() {
    check("inspect", inspect, INSPECT);
    check("inspect.totals", inspect.get("totals"), TOTALS);
    assertThat(inspect.get("stages").size()).isPositive();
    for (JsonNode s : inspect.get("stages")) check("inspect.stages[]", s, STAGE);
    assertThat(inspect.get("edges").size()).isPositive();
    for (JsonNode e : inspect.get("edges")) check("inspect.edges[]", e, EDGE);
  }

  @Test
  void partitionAndEvaluateKeepTheirFields() {
    int bindingLoads = 0;
    for (JsonNode r : new JsonNode[] {partition, evaluate}) {
      String w = r.get("solver").asText();
      check(w, r, RESULT);
      check(w + ".certificate", r.get("certificate"), CERTIFICATE);
      assertThat(r.get("partitions").size()).isPositive();
      for (JsonNode p : r.get("partitions")) {
        check(w + ".partitions[]", p, PARTITION);
        assertThat(p.get("replication").isObject()).isTrue();
        p.get("replication").fields().forEachRemaining(e -> assertThat(e.getValue().isIntegralNumber()).as(e.getKey()).isTrue());
        if (!p.get("bindingLoad").isNull()) {
          check(w + ".partitions[].bindingLoad", p.get("bindingLoad"), BINDING_LOAD);
          bindingLoads++;
        }
      }
    }
    assertThat(bindingLoads).as("some partition reports its binding load").isPositive();
    // evaluate of the DP's plan gives the DP's numbers
    assertThat(evaluate.get("objectiveValue").asDouble()).isEqualTo(partition.get("objectiveValue").asDouble());
    assertThat(partition.get("certificate").get("optimal").asBoolean()).isTrue();
  }
}
