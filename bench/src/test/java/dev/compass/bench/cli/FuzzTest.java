package dev.compass.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The fuzz suite of issue 16: mutations of valid hardware, network, plan and ONNX files
 * (truncation, byte flips, duplicated, dropped and misspelt fields, type swaps, extreme and scaled
 * numbers, trailing content, deleted and repeated byte ranges) run through the command line. Each run must end
 * in one of two ways:
 * <ul>
 *   <li>exit 0, with every number of the result finite and the latency positive; or
 *   <li>exit 2, with one line on stderr that starts with {@code compass: } and names the mutated file
 *       (and so the path inside it), no stack trace, and no output file left behind.
 * </ul>
 * Anything else (exit 1, a stack trace, a half-written or stray file, Infinity or NaN in a result)
 * fails the property with the mutation that caused it. The seeds are fixed, so a failure reproduces.
 * The seeds files are docs/examples (network, hardware, plan: valid together) and the shared alexnet
 * ONNX export; every run counts its inputs (printed at the end).
 */
class FuzzTest {
  private static final Path EXAMPLES = Path.of("..", "docs", "examples");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final AtomicInteger TRIED = new AtomicInteger();
  private static final AtomicInteger ACCEPTED = new AtomicInteger();

  /** Mutations of a JSON file. */
  enum JsonMutation {
    TRUNCATE, FLIP_BYTES, DUPLICATE_FIELD, DROP_FIELD, MISSPELL_FIELD, TYPE_SWAP, EXTREME_NUMBER, SCALE_NUMBER, TRAILING
  }

  /** Mutations of a binary (ONNX) file. */
  enum BinaryMutation { TRUNCATE, FLIP_BYTES, DELETE_RANGE, REPEAT_RANGE }

  private static final List<String> EXTREMES = List.of("0", "-1", "1", "2", "3", "7", "0.5", "1.5", "-0.0", "1e308", "-1e308",
      "1e-320", "4.9e-324", "1e30", "1e-30", "1e31", "65536", "2147483647", "2147483648", "4294967296",
      "9223372036854775807", "9223372036854775808", "-9223372036854775808", "123456789012345", "1e15", "1e400");
  private static final List<String> SWAPS = List.of("\"x\"", "\"\"", "true", "false", "null", "[]", "{}", "[1]", "3.5", "42",
      "\"ARRAY\"", "[\"x\"]", "{\"a\": 1}");

  private static String seed(String name) {
    try {
      return Files.readString(EXAMPLES.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Provide
  Arbitrary<JsonMutation> jsonMutations() {
    return Arbitraries.of(JsonMutation.values());
  }

  @Provide
  Arbitrary<BinaryMutation> binaryMutations() {
    return Arbitraries.of(BinaryMutation.values());
  }

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }

  // ------------------------------------------------------------------ the four formats

  @Property(tries = 200, seed = "16001", shrinking = ShrinkingMode.OFF)
  void hardwareFiles(@ForAll("jsonMutations") JsonMutation m, @ForAll("seeds") long seed) throws IOException {
    try (Sandbox box = new Sandbox()) {
      Path hw = box.write("hw.json", mutate(seed("hardware.json"), m, new Random(seed)));
      Path net = box.write("net.json", seed("network.json").getBytes(StandardCharsets.UTF_8));
      box.check(hw, m + " seed " + seed, "partition", "--model", net.toString(), "--hw", hw.toString(), "--quiet");
    }
  }

  @Property(tries = 200, seed = "16002", shrinking = ShrinkingMode.OFF)
  void networkFiles(@ForAll("jsonMutations") JsonMutation m, @ForAll("seeds") long seed) throws IOException {
    try (Sandbox box = new Sandbox()) {
      Path net = box.write("net.json", mutate(seed(seed % 2 == 0 ? "network.json" : "attention.json"), m, new Random(seed)));
      box.check(net, m + " seed " + seed, "partition", "--model", net.toString(), "--hw", "compass-s", "--quiet");
    }
  }

  @Property(tries = 150, seed = "16003", shrinking = ShrinkingMode.OFF)
  void planFiles(@ForAll("jsonMutations") JsonMutation m, @ForAll("seeds") long seed) throws IOException {
    try (Sandbox box = new Sandbox()) {
      Path hw = box.write("hw.json", seed("hardware.json").getBytes(StandardCharsets.UTF_8));
      Path net = box.write("net.json", seed("network.json").getBytes(StandardCharsets.UTF_8));
      Path plan = box.write("plan.json", mutate(seed("plan.json"), m, new Random(seed)));
      // compile writes an output file: a bad plan must leave none
      box.check(plan, m + " seed " + seed, "compile", "--model", net.toString(), "--hw", hw.toString(),
          "--plan", plan.toString());
      box.checkEvaluate(plan, m + " seed " + seed, "evaluate", "--json", "--model", net.toString(), "--hw", hw.toString(),
          "--plan", plan.toString());
    }
  }

  @Property(tries = 200, seed = "16004", shrinking = ShrinkingMode.OFF)
  void onnxFiles(@ForAll("binaryMutations") BinaryMutation m, @ForAll("seeds") long seed) throws IOException {
    byte[] onnx = Files.readAllBytes(Path.of(System.getProperty("compass.shared"), "models", "onnx", "alexnet.onnx"));
    try (Sandbox box = new Sandbox()) {
      Path model = box.write("alexnet.onnx", mutate(onnx, m, new Random(seed)));
      box.check(model, m + " seed " + seed, "partition", "--model", model.toString(), "--hw", "compass-l", "--quiet");
    }
  }

  @AfterContainer
  static void report() {
    System.out.printf("FuzzTest: %d mutated inputs tried, %d accepted with finite costs, %d rejected with exit 2%n",
        TRIED.get(), ACCEPTED.get(), TRIED.get() - ACCEPTED.get());
  }

  // ------------------------------------------------------------------ running and checking

  /** A temporary folder per input: the mutated files and the output, checked and deleted after. */
  private static final class Sandbox implements AutoCloseable {
    final Path dir = Files.createTempDirectory("compass-fuzz");

    Sandbox() throws IOException {}

    Path write(String name, String text) throws IOException {
      return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    Path write(String name, byte[] bytes) throws IOException {
      return Files.write(dir.resolve(name), bytes);
    }

    /** Runs {@code args} with {@code --out}: a finite result in the file, or exit 2 naming {@code file} and no file. */
    void check(Path file, String what, String... args) throws IOException {
      Path out = dir.resolve("out.json");
      String[] withOut = Stream.concat(Arrays.stream(args), Stream.of("--out", out.toString())).toArray(String[]::new);
      Cli.Result r = Cli.run(withOut);
      TRIED.incrementAndGet();
      if (r.exit() == 0) {
        ACCEPTED.incrementAndGet();
        assertThat(out).as(what + ": exit 0 writes --out").exists();
        if (!args[0].equals("compile")) assertFiniteResult(MAPPER.readTree(out.toFile()), what);
      } else {
        assertRejected(r, file, what);
        assertThat(out).as(what + ": no output file after a failure").doesNotExist();
      }
      assertThat(strays(dir)).as(what + ": no temporary file left").isEmpty();
    }

    /** Runs {@code args} (with {@code --json}, no file): finite JSON on stdout, or exit 2 naming {@code file}. */
    void checkEvaluate(Path file, String what, String... args) throws IOException {
      Cli.Result r = Cli.run(args);
      TRIED.incrementAndGet();
      if (r.exit() == 0) {
        ACCEPTED.incrementAndGet();
        assertFiniteResult(MAPPER.readTree(r.out()), what);
      } else {
        assertRejected(r, file, what);
      }
    }

    @Override
    public void close() throws IOException {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted((a, b) -> b.compareTo(a)).toList()) Files.deleteIfExists(p);
      }
    }
  }

  /** Temporary files left behind in a folder (AtomicFiles stages outputs as hidden files). */
  private static List<Path> strays(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith(".")).toList();
    }
  }

  private static void assertRejected(Cli.Result r, Path file, String what) {
    assertThat(r.exit()).as(what + ": exit code; stderr: " + r.err()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(r.err()).as(what + ": one line").endsWith("\n");
    assertThat(r.err().strip()).as(what + ": one line").doesNotContain("\n");
    assertThat(r.err()).as(what + ": names the file").startsWith("compass: " + file + ": ");
    assertThat(r.err()).as(what + ": no stack trace or class name")
        .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("java.");
  }

  /** Every number in the document is finite, and the result's latency is positive. */
  private static void assertFiniteResult(JsonNode doc, String what) {
    List<String> bad = new ArrayList<>();
    walk(doc, "", bad);
    assertThat(bad).as(what + ": non-finite numbers").isEmpty();
    assertThat(doc.get("latencySeconds").asDouble()).as(what + ": latency").isPositive().isFinite();
    assertThat(doc.get("energyJoules").asDouble()).as(what + ": energy").isNotNegative().isFinite();
  }

  private static void walk(JsonNode n, String path, List<String> bad) {
    if (n.isNumber() && !Double.isFinite(n.asDouble())) bad.add(path + " = " + n);
    if (n.isTextual() && (n.asText().contains("Infinity") || n.asText().equals("NaN"))) bad.add(path + " = " + n);
    if (n.isArray()) for (int i = 0; i < n.size(); i++) walk(n.get(i), path + "[" + i + "]", bad);
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      walk(e.getValue(), path + "." + e.getKey(), bad);
    }
  }

  // ------------------------------------------------------------------ mutations

  static byte[] mutate(String text, JsonMutation m, Random rnd) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return switch (m) {
      case TRUNCATE -> Arrays.copyOf(bytes, rnd.nextInt(bytes.length));
      case FLIP_BYTES -> flip(bytes, rnd);
      case TRAILING -> (text + List.of("{}", "x", "]", "\"a\"", "0", "\u0000", ",{}").get(rnd.nextInt(7)))
          .getBytes(StandardCharsets.UTF_8);
      default -> structural(MAPPER.readTree(text), m, rnd).getBytes(StandardCharsets.UTF_8);
    };
  }

  static byte[] mutate(byte[] bytes, BinaryMutation m, Random rnd) {
    int at = rnd.nextInt(bytes.length);
    int len = 1 + rnd.nextInt(Math.min(64, bytes.length - at));
    return switch (m) {
      case TRUNCATE -> Arrays.copyOf(bytes, at);
      case FLIP_BYTES -> flip(bytes, rnd);
      case DELETE_RANGE -> concat(Arrays.copyOf(bytes, at), Arrays.copyOfRange(bytes, at + len, bytes.length));
      case REPEAT_RANGE -> concat(Arrays.copyOf(bytes, at + len), Arrays.copyOfRange(bytes, at, bytes.length));
    };
  }

  private static byte[] flip(byte[] bytes, Random rnd) {
    byte[] out = bytes.clone();
    int flips = 1 + rnd.nextInt(3);
    for (int k = 0; k < flips; k++) out[rnd.nextInt(out.length)] = (byte) rnd.nextInt(256);
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** A value slot in the tree: a field of an object or an element of an array. */
  private record Slot(ContainerNode<?> parent, String field, int index) {
    JsonNode get() {
      return parent instanceof ObjectNode o ? o.get(field) : ((ArrayNode) parent).get(index);
    }

    void set(JsonNode v) {
      if (parent instanceof ObjectNode o) o.set(field, v);
      else ((ArrayNode) parent).set(index, v);
    }
  }

  private static void slots(JsonNode n, List<Slot> out) {
    if (n instanceof ObjectNode o) {
      for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        out.add(new Slot(o, f, -1));
        slots(o.get(f), out);
      }
    } else if (n instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        out.add(new Slot(a, null, i));
        slots(a.get(i), out);
      }
    }
  }

  /** Applies a structural mutation to the tree and returns its text (duplicates are spliced in as text). */
  static String structural(JsonNode root, JsonMutation m, Random rnd) throws IOException {
    List<Slot> all = new ArrayList<>();
    slots(root, all);
    List<Slot> fields = all.stream().filter(s -> s.field() != null).toList();
    switch (m) {
      case DROP_FIELD -> {
        Slot s = fields.get(rnd.nextInt(fields.size()));
        ((ObjectNode) s.parent()).remove(s.field());
      }
      case MISSPELL_FIELD -> {
        Slot s = fields.get(rnd.nextInt(fields.size()));
        ObjectNode o = (ObjectNode) s.parent();
        JsonNode v = o.remove(s.field());
        String f = s.field();
        int cut = rnd.nextInt(f.length());
        o.set(f.substring(0, cut) + f.substring(cut + 1) + (cut == 0 ? "_" : ""), v);
      }
      case TYPE_SWAP -> all.get(rnd.nextInt(all.size())).set(MAPPER.readTree(SWAPS.get(rnd.nextInt(SWAPS.size()))));
      case EXTREME_NUMBER -> {
        List<Slot> numbers = all.stream().filter(s -> s.get().isNumber()).toList();
        Slot s = numbers.isEmpty() ? all.get(rnd.nextInt(all.size())) : numbers.get(rnd.nextInt(numbers.size()));
        String v = EXTREMES.get(rnd.nextInt(EXTREMES.size()));
        // a placeholder keeps the number exactly as written (1e400 and 2^63 are not doubles or longs)
        s.set(JsonNodeFactory.instance.textNode("@@NUMBER@@"));
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root).replace("\"@@NUMBER@@\"", v);
      }
      case SCALE_NUMBER -> {
        // plausible values (most stay valid): exercises the finite-result checks more than the parsers
        List<Slot> numbers = all.stream().filter(s -> s.get().isNumber()).toList();
        Slot s = numbers.get(rnd.nextInt(numbers.size()));
        double f = List.of(0.5, 2.0, 3.0, 10.0, 1000.0, 1e-3, 1e6).get(rnd.nextInt(7));
        JsonNode v = s.get();
        s.set(v.isIntegralNumber() ? JsonNodeFactory.instance.numberNode(Math.round(v.asLong() * f))
            : JsonNodeFactory.instance.numberNode(v.asDouble() * f));
      }
      case DUPLICATE_FIELD -> {
        Slot s = fields.get(rnd.nextInt(fields.size()));
        ObjectNode o = (ObjectNode) s.parent();
        o.set("@@DUPLICATE@@", o.get(s.field()).deepCopy());
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root)
            .replace("\"@@DUPLICATE@@\"", "\"" + s.field() + "\"");
      }
      default -> throw new IllegalArgumentException(m.toString());
    }
    return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }
}
