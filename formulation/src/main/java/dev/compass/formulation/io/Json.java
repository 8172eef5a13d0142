package dev.compass.formulation.io;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.compass.formulation.InputException;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.network.Conv;
import dev.compass.formulation.network.Dense;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.network.Operator;
import dev.compass.formulation.network.TensorDecl;
import dev.compass.formulation.network.VectorOp;
import dev.compass.formulation.network.View;
import dev.compass.formulation.plan.Partition;
import dev.compass.formulation.plan.PartitionPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes the JSON formats of networks, hardware specs and plans. Every read error is an
 * {@link InputException} whose message starts with the source (file name) and the path inside it.
 */
public final class Json {
  /** The shared mapper: strict about duplicate keys, pretty-printing on write. */
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private static final Set<String> NETWORK_FIELDS = Set.of("name", "inputs", "outputs", "tensors", "operators", "description");
  private static final Set<String> TENSOR_FIELDS = Set.of("name", "shape", "constant");
  private static final Set<String> CONV_FIELDS =
      Set.of("op", "name", "input", "output", "outChannels", "kernel", "stride", "pads", "dilation", "groups");
  private static final Set<String> DENSE_FIELDS =
      Set.of("op", "name", "input", "output", "inFeatures", "outFeatures", "constantLeft");
  private static final Set<String> VECTOR_FIELDS = Set.of("op", "name", "inputs", "outputs", "macs");
  private static final Set<String> VIEW_FIELDS = Set.of("op", "name", "inputs", "output");
  /** Operators with weights that a crossbar would hold but the formulation does not model. */
  private static final Set<String> UNSUPPORTED_WEIGHTED = Set.of("ConvTranspose", "ConvInteger", "QLinearConv",
      "MatMulInteger", "QLinearMatMul", "LSTM", "GRU", "RNN", "Einsum", "DeformConv");

  private Json() {}

  // ---------------------------------------------------------------- parsing

  /** Parses JSON text; {@code source} names it in errors. */
  public static JsonNode parse(String text, String source) {
    try {
      JsonNode n = MAPPER.readTree(text);
      if (n == null || n.isMissingNode()) throw new InputException(source, "is empty; expected a JSON object");
      return n;
    } catch (JsonParseException e) {
      var loc = e.getLocation();
      throw new InputException(source, "malformed JSON at line " + loc.getLineNr() + ", column " + loc.getColumnNr()
          + ": " + e.getOriginalMessage());
    } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
      var loc = e.getLocation();
      String at = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")) {
        throw new InputException(source, "malformed JSON" + at + ": content after the end of the JSON value;"
            + " expected one JSON object and nothing after it");
      }
      throw new InputException(source, "malformed JSON" + at + ": " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw new InputException(source, "malformed JSON: " + e.getOriginalMessage());
    }
  }

  /** Reads a file as UTF-8 text; a missing, unreadable or binary file is an {@link InputException}. */
  public static String readText(Path file) {
    return readText(file, "a JSON file");
  }

  /**
   * Reads a file as UTF-8 text. A missing or unreadable file, a directory, or bytes that are not
   * UTF-8 (an ONNX model, an image, any binary) are an {@link InputException} saying what the file
   * is not and, with {@code expected} (e.g. "a hardware JSON file"), what was expected.
   */
  public static String readText(Path file, String expected) {
    byte[] bytes;
    try {
      if (Files.isDirectory(file)) throw new InputException(file.toString(), "is a directory; expected " + expected);
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new InputException(file.toString(), "no such file");
    } catch (java.nio.file.AccessDeniedException e) {
      throw new InputException(file.toString(), "cannot read: permission denied");
    } catch (IOException e) {
      throw new InputException(file.toString(), "cannot read: " + e.getMessage());
    }
    return decode(bytes, file.toString(), expected);
  }

  /** UTF-8 text of {@code bytes}, or an error naming the first byte that is not UTF-8. */
  static String decode(byte[] bytes, String source, String expected) {
    var decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
    try {
      String text = decoder.decode(in).toString();
      int nul = text.indexOf('\0');
      if (nul >= 0) throw notText(bytes, nul, source, expected);
      return text.startsWith("\uFEFF") ? text.substring(1) : text; // a byte-order mark is not content
    } catch (java.nio.charset.CharacterCodingException e) {
      throw notText(bytes, in.position(), source, expected);
    }
  }

  private static InputException notText(byte[] bytes, int offset, String source, String expected) {
    String what = looksLikeOnnx(bytes, source) ? "is binary (it looks like an ONNX model), not UTF-8 text"
        : "is not UTF-8 text";
    return new InputException(source, String.format(Locale.ROOT, "%s (byte 0x%02x at offset %d); expected %s",
        what, offset < bytes.length ? bytes[offset] & 0xff : 0, offset, expected));
  }

  /** An ONNX file starts with field 1 (ir_version, a varint: byte 0x08) and usually ends in .onnx. */
  private static boolean looksLikeOnnx(byte[] bytes, String source) {
    return source.toLowerCase(Locale.ROOT).endsWith(".onnx") || (bytes.length > 1 && bytes[0] == 0x08);
  }

  /** Runs {@code body}, prefixing any {@link InputException} with {@code source}. */
  static <T> T within(String source, java.util.function.Supplier<T> body) {
    try {
      return body.get();
    } catch (InputException e) {
      if (e.getMessage().startsWith(source + ":")) throw e;
      throw e.in(source);
    }
  }

  // ---------------------------------------------------------------- network

  public static Network readNetwork(Path file) {
    return readNetwork(readText(file, "a network JSON file (docs/formats.md; an ONNX model needs the .onnx extension)"), file.toString());
  }

  public static Network readNetwork(String text, String source) {
    return within(source, () -> network(new JsonObject(parse(text, source), "")));
  }

  private static Network network(JsonObject o) {
    o.onlyFields(NETWORK_FIELDS);
    o.string("description", "");
    List<TensorDecl> tensors = new ArrayList<>();
    for (JsonObject t : o.objects("tensors")) {
      t.onlyFields(TENSOR_FIELDS);
      tensors.add(locate(t.path(), () -> new TensorDecl(t.string("name"), t.integers("shape"), t.bool("constant", false))));
    }
    List<Operator> ops = new ArrayList<>();
    for (JsonObject op : o.objects("operators")) ops.add(locate(op.path(), () -> operator(op)));
    return new Network(o.string("name"), tensors, o.strings("inputs"), o.strings("outputs"), ops);
  }

  /**
   * Runs {@code body}, placing any {@link InputException} under the JSON path {@code path}: a
   * record's field {@code kernel[0]} inside {@code operators[2]} becomes {@code operators[2].kernel[0]}.
   */
  private static <T> T locate(String path, java.util.function.Supplier<T> body) {
    try {
      return body.get();
    } catch (InputException e) {
      String loc = e.location();
      if (loc.startsWith(path)) throw e;
      String joined = loc.isEmpty() ? path : loc.startsWith("[") ? path + loc : path + "." + loc;
      throw new InputException(joined, e.problem(), e);
    }
  }

  private static Operator operator(JsonObject o) {
    String op = o.string("op");
    String name = o.string("name");
    if (UNSUPPORTED_WEIGHTED.contains(op)) {
      throw new InputException(o.at("op"), op + " is not supported; the weighted operators are Conv, Gemm, MatMul and"
          + " Linear (docs/formats.md)");
    }
    if (op.equals("Conv")) {
      o.onlyFields(CONV_FIELDS);
      return new Conv(name, o.string("input"), o.string("output"), o.integer("outChannels"),
          ints(o, "kernel", null), ints(o, "stride", List.of(1, 1)), ints(o, "pads", List.of(0, 0, 0, 0)),
          ints(o, "dilation", List.of(1, 1)), o.positiveInt("groups", 1));
    }
    if (o.has("inFeatures") && (op.equals("Gemm") || op.equals("MatMul") || op.equals("Linear"))) {
      o.onlyFields(DENSE_FIELDS);
      return new Dense(name, op, o.string("input"), o.string("output"), o.integer("inFeatures"), o.integer("outFeatures"),
          o.bool("constantLeft", false));
    }
    if (op.equals("Gemm") || op.equals("Linear")) {
      throw new InputException(o.at("inFeatures"), op + " is weighted and needs inFeatures and outFeatures");
    }
    if (View.TYPES.contains(op)) {
      o.onlyFields(VIEW_FIELDS);
      return new View(name, op, o.strings("inputs"), o.string("output"));
    }
    o.onlyFields(VECTOR_FIELDS);
    return new VectorOp(name, op, o.strings("inputs"), o.strings("outputs"), o.integer("macs", 0));
  }

  private static List<Integer> ints(JsonObject o, String field, List<Integer> fallback) {
    if (!o.has(field)) {
      if (fallback == null) throw new InputException(o.at(field), "is missing; expected an array of integers");
      return fallback;
    }
    List<Integer> out = new ArrayList<>();
    List<Long> values = o.integers(field);
    for (int i = 0; i < values.size(); i++) {
      long v = values.get(i);
      if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
        throw new InputException(o.at(field) + "[" + i + "]", "is " + v + ", out of range; expected an integer of at most "
            + Integer.MAX_VALUE);
      }
      out.add((int) v);
    }
    return out;
  }

  /** The network as JSON (the format {@link #readNetwork} reads). */
  public static String writeNetwork(Network net) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("name", net.name());
    strings(root.putArray("inputs"), net.inputs());
    strings(root.putArray("outputs"), net.outputs());
    ArrayNode ts = root.putArray("tensors");
    for (TensorDecl t : net.tensors()) {
      ObjectNode n = ts.addObject();
      n.put("name", t.name());
      ArrayNode s = n.putArray("shape");
      t.shape().forEach(s::add);
      if (t.constant()) n.put("constant", true);
    }
    ArrayNode ops = root.putArray("operators");
    for (Operator op : net.operators()) {
      ObjectNode n = ops.addObject();
      n.put("op", op.opType());
      n.put("name", op.name());
      if (op instanceof Conv c) {
        n.put("input", c.input());
        n.put("output", c.output());
        n.put("outChannels", c.outChannels());
        c.kernel().forEach(n.putArray("kernel")::add);
        c.stride().forEach(n.putArray("stride")::add);
        c.pads().forEach(n.putArray("pads")::add);
        c.dilation().forEach(n.putArray("dilation")::add);
        n.put("groups", c.groups());
      } else if (op instanceof Dense d) {
        n.put("input", d.input());
        n.put("output", d.output());
        n.put("inFeatures", d.inFeatures());
        n.put("outFeatures", d.outFeatures());
        if (d.constantLeft()) n.put("constantLeft", true);
      } else if (op instanceof View v) {
        strings(n.putArray("inputs"), v.inputs());
        n.put("output", v.output());
      } else {
        VectorOp v = (VectorOp) op;
        strings(n.putArray("inputs"), v.inputs());
        strings(n.putArray("outputs"), v.outputs());
        if (v.macs() > 0) n.put("macs", v.macs());
      }
    }
    return toJson(root);
  }

  private static void strings(ArrayNode a, List<String> values) {
    values.forEach(a::add);
  }

  // ---------------------------------------------------------------- hardware

  private static final Set<String> HW_FIELDS;

  static {
    Set<String> f = new HashSet<>(HardwareSpec.NUMBER_FIELDS);
    f.addAll(List.of("name", "allocation", "prefetch", "provenance", "description"));
    HW_FIELDS = Set.copyOf(f);
  }

  public static HardwareSpec readHardware(Path file) {
    return readHardware(readText(file, "a hardware JSON file (docs/formats.md)"), file.toString());
  }

  /**
   * Reads a hardware spec. Every number of FORMULATION.md §1 is required except {@code writePorts}
   * (default: one per core); {@code prefetch} (FORMULATION.md §9) is optional (default {@code false});
   * {@code provenance} is optional ({@code requireProvenance} makes a note
   * for every number mandatory, as for shipped presets).
   */
  public static HardwareSpec readHardware(String text, String source, boolean requireProvenance) {
    return within(source, () -> hardware(new JsonObject(parse(text, source), ""), requireProvenance));
  }

  public static HardwareSpec readHardware(String text, String source) {
    return readHardware(text, source, false);
  }

  private static HardwareSpec hardware(JsonObject o, boolean requireProvenance) {
    o.onlyFields(HW_FIELDS);
    o.string("description", "");
    Map<String, String> provenance = new LinkedHashMap<>();
    if (o.has("provenance")) {
      JsonObject p = o.object("provenance");
      Set<String> allowed = new HashSet<>(HardwareSpec.NUMBER_FIELDS);
      allowed.add("allocation");
      allowed.add("prefetch");
      allowed.add("chip");
      p.onlyFields(allowed);
      p.node().fieldNames().forEachRemaining(k -> provenance.put(k, p.string(k)));
    }
    if (requireProvenance) {
      for (String f : HardwareSpec.NUMBER_FIELDS) {
        if (!provenance.containsKey(f)) throw new InputException("provenance." + f, "is missing; a shipped preset gives a source or an assumption for every number");
      }
    }
    boolean prefetch = o.bool("prefetch", false);
    if (requireProvenance && prefetch && !provenance.containsKey("prefetch")) {
      throw new InputException("provenance.prefetch", "is missing; a shipped preset with prefetch true says why the chip can write arrays while others compute");
    }
    int cores = intField(o, "cores");
    String alloc = o.string("allocation", "ARRAY");
    Allocation allocation;
    try {
      allocation = Allocation.valueOf(alloc.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InputException(o.at("allocation"), "is '" + alloc + "'; valid: ARRAY, CORE");
    }
    return locate("", () -> new HardwareSpec(
        o.string("name"), cores, intField(o, "arraysPerCore"), intField(o, "rows"), intField(o, "cols"),
        intField(o, "cellBits"), intField(o, "weightBits"), intField(o, "activationBits"), intField(o, "psumBits"),
        intField(o, "dacBits"), positive(o, "tStep"), positive(o, "tRow"),
        o.has("writePorts") ? intField(o, "writePorts") : cores,
        positive(o, "bwDram"), nonNegative(o, "eDram"), nonNegative(o, "eStep"), nonNegative(o, "eRow"),
        nonNegative(o, "pStatic"), positive(o, "vecMacRate"), nonNegative(o, "eVecMac"), allocation, prefetch,
        provenance));
  }

  private static int intField(JsonObject o, String f) {
    return o.positiveInt(f);
  }

  private static double positive(JsonObject o, String f) {
    double v = o.number(f);
    if (!(v > 0) || Double.isInfinite(v)) throw new InputException(o.at(f), "must be a positive number, got " + v);
    return v;
  }

  private static double nonNegative(JsonObject o, String f) {
    double v = o.number(f);
    if (!(v >= 0) || Double.isInfinite(v)) throw new InputException(o.at(f), "must be a number >= 0, got " + v);
    return v;
  }

  /** The hardware spec as JSON, in the field order of FORMULATION.md §1. */
  public static String writeHardware(HardwareSpec hw) {
    return toJson(hardwareNode(hw));
  }

  public static ObjectNode hardwareNode(HardwareSpec hw) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("name", hw.name());
    for (String f : HardwareSpec.NUMBER_FIELDS) {
      double v = hw.number(f);
      switch (f) {
        case "tStep", "tRow", "bwDram", "eDram", "eStep", "eRow", "pStatic", "vecMacRate", "eVecMac" -> n.put(f, v);
        default -> n.put(f, (long) v);
      }
    }
    n.put("allocation", hw.allocation().name());
    n.put("prefetch", hw.prefetch());
    if (!hw.provenance().isEmpty()) {
      ObjectNode p = n.putObject("provenance");
      hw.provenance().forEach(p::put);
    }
    return n;
  }

  // ---------------------------------------------------------------- plan

  public static PartitionPlan readPlan(Path file) {
    return readPlan(readText(file, "a plan JSON file (docs/formats.md)"), file.toString());
  }

  /** The fields of a plan file: {@code partitions} and an optional {@code description}. */
  private static final Set<String> PLAN_FIELDS = Set.of("partitions", "description");
  /** The fields of one partition of a plan. */
  private static final Set<String> PARTITION_FIELDS = Set.of("firstUnit", "lastUnit", "replication");
  /**
   * The other fields of a result file ({@code partition --out}, {@code evaluate --json}), which a
   * plan file may carry and which are not read: the result's costs. Any other field is an error,
   * so a misspelt {@code replicaton} cannot silently mean replication 1.
   */
  private static final Set<String> RESULT_FIELDS = Set.of("model", "hardware", "prefetch", "solver", "status", "objective", "batch",
      "objectiveValue", "latencySeconds", "energyJoules", "dynamicEnergyJoules", "staticEnergyJoules", "edp", "throughput",
      "partitionCount", "solveSeconds", "certificate", "gap", "statistics");
  private static final Set<String> RESULT_PARTITION_FIELDS = Set.of("latencySeconds", "energyJoules", "writeSeconds",
      "computeSeconds", "fillSeconds", "tauSeconds", "bottleneckSeconds", "vectorSeconds", "bindingLoad", "weightBytes", "ioBytes", "loadBytes", "storeBytes", "rowsWritten",
      "arraysUsed", "energy", "stages", "prefetch", "prefetchSeconds", "dynamicEnergyJoules");

  /**
   * Reads a plan: an object with {@code partitions[]}, each with {@code firstUnit}, {@code lastUnit}
   * and optional {@code replication{stage: d}}. The cost fields of a result file ({@code partition
   * --out}) are accepted and not read, so a result file is a valid plan file; any other field is an
   * error naming it and the valid fields.
   */
  public static PartitionPlan readPlan(String text, String source) {
    return within(source, () -> {
      JsonObject o = new JsonObject(parse(text, source), "");
      onlyFields(o, PLAN_FIELDS, RESULT_FIELDS);
      o.string("description", "");
      List<Partition> parts = new ArrayList<>();
      for (JsonObject p : o.objects("partitions")) {
        onlyFields(p, PARTITION_FIELDS, RESULT_PARTITION_FIELDS);
        Map<String, Integer> rep = new LinkedHashMap<>();
        if (p.has("replication")) {
          JsonObject r = p.object("replication");
          r.node().fieldNames().forEachRemaining(k -> {
            long d = r.integer(k);
            if (d < 1 || d > Integer.MAX_VALUE) {
              throw new InputException(r.at(k), "must be an integer from 1 to " + Integer.MAX_VALUE + ", got " + d);
            }
            rep.put(k, (int) d);
          });
        }
        int first = unitIndex(p, "firstUnit");
        int last = unitIndex(p, "lastUnit");
        parts.add(locate(p.path(), () -> new Partition(first, last, rep)));
      }
      return new PartitionPlan(parts);
    });
  }

  /** A unit index as written (a value beyond an int is quoted whole, not cut to 2147483647). */
  private static int unitIndex(JsonObject p, String field) {
    long v = p.integer(field);
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new InputException(p.at(field), "must be a unit index from 0 to " + Integer.MAX_VALUE + ", got " + v);
    }
    return (int) v;
  }

  /** Rejects a field that is neither in {@code fields} nor in {@code ignored}; the message lists {@code fields}. */
  private static void onlyFields(JsonObject o, Set<String> fields, Set<String> ignored) {
    for (var it = o.node().fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!fields.contains(f) && !ignored.contains(f)) {
        throw new InputException(o.at(f), "unknown field; valid fields here: " + new java.util.TreeSet<>(fields)
            + " (and the cost fields of a result file, which are not read)");
      }
    }
  }

  /** Pretty JSON of any node. */
  public static String toJson(Object node) {
    try {
      return MAPPER.writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
