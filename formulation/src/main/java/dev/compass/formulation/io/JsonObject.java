package dev.compass.formulation.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.formulation.InputException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A JSON object being read, with the path that leads to it, so that every error can say where it
 * is ({@code operators[3].kernel[0]}) and what was found.
 */
public final class JsonObject {
  private final JsonNode node;
  private final String path;

  public JsonObject(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw new InputException(path, "must be a JSON object, got " + describe(node));
    }
    this.node = node;
    this.path = path;
  }

  public String path() { return path; }

  public JsonNode node() { return node; }

  public String at(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  public boolean has(String field) {
    return node.has(field) && !node.get(field).isNull();
  }

  /** Rejects fields not in {@code allowed}, listing the valid ones. */
  public JsonObject onlyFields(Set<String> allowed) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw new InputException(at(f), "unknown field; valid fields here: " + new TreeSet<>(allowed));
      }
    }
    return this;
  }

  private JsonNode required(String field, String what) {
    if (!has(field)) throw new InputException(at(field), "is missing; expected " + what);
    return node.get(field);
  }

  public String string(String field) {
    JsonNode v = required(field, "a string");
    if (!v.isTextual() || v.asText().isBlank()) throw new InputException(at(field), "must be a non-empty string, got " + describe(v));
    return v.asText();
  }

  public String string(String field, String fallback) {
    return has(field) ? string(field) : fallback;
  }

  public long integer(String field) {
    return integer(required(field, "an integer"), at(field));
  }

  public long integer(String field, long fallback) {
    return has(field) ? integer(field) : fallback;
  }

  static long integer(JsonNode v, String where) {
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      if (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()) && Math.abs(v.asDouble()) < 9e15) {
        return (long) v.asDouble();
      }
      throw new InputException(where, "must be an integer, got " + describe(v));
    }
    return v.asLong();
  }

  public int positiveInt(String field) {
    long v = integer(field);
    if (v <= 0 || v > Integer.MAX_VALUE) throw new InputException(at(field), "must be a positive integer, got " + v);
    return (int) v;
  }

  public int positiveInt(String field, int fallback) {
    return has(field) ? positiveInt(field) : fallback;
  }

  public double number(String field) {
    JsonNode v = required(field, "a number");
    if (!v.isNumber()) throw new InputException(at(field), "must be a number, got " + describe(v));
    return v.asDouble();
  }

  public boolean bool(String field, boolean fallback) {
    if (!has(field)) return fallback;
    JsonNode v = node.get(field);
    if (!v.isBoolean()) throw new InputException(at(field), "must be true or false, got " + describe(v));
    return v.asBoolean();
  }

  public List<JsonNode> array(String field) {
    JsonNode v = required(field, "an array");
    if (!v.isArray()) throw new InputException(at(field), "must be an array, got " + describe(v));
    List<JsonNode> out = new ArrayList<>();
    v.forEach(out::add);
    return out;
  }

  public List<String> strings(String field) {
    List<String> out = new ArrayList<>();
    List<JsonNode> a = array(field);
    for (int i = 0; i < a.size(); i++) {
      JsonNode v = a.get(i);
      if (!v.isTextual() || v.asText().isBlank()) {
        throw new InputException(at(field) + "[" + i + "]", "must be a non-empty string, got " + describe(v));
      }
      out.add(v.asText());
    }
    return out;
  }

  public List<Long> integers(String field) {
    List<Long> out = new ArrayList<>();
    List<JsonNode> a = array(field);
    for (int i = 0; i < a.size(); i++) out.add(integer(a.get(i), at(field) + "[" + i + "]"));
    return out;
  }

  public JsonObject object(String field) {
    return new JsonObject(required(field, "an object"), at(field));
  }

  public List<JsonObject> objects(String field) {
    List<JsonObject> out = new ArrayList<>();
    List<JsonNode> a = array(field);
    for (int i = 0; i < a.size(); i++) out.add(new JsonObject(a.get(i), at(field) + "[" + i + "]"));
    return out;
  }

  static String describe(JsonNode v) {
    if (v == null || v.isMissingNode()) return "nothing";
    if (v.isNull()) return "null";
    String s = v.toString();
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
