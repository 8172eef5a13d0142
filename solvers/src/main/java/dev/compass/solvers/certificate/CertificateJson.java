package dev.compass.solvers.certificate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.compass.formulation.InputException;
import dev.compass.formulation.io.Json;
import dev.compass.formulation.io.JsonObject;
import dev.compass.formulation.plan.Objective;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The certificate file ({@code docs/formats.md}, "Certificates"):
 *
 * <pre>
 * { "format": "compass-certificate", "version": 1, "objective": "edp", "method": "...",
 *   "units": 431, "planObjective": 7.05e-5, "lowerBound": 7.05e-5,
 *   "facets": [ { "alpha": 1.0, "beta": 0.0, "potentials": [pi_0, ..., pi_U] }, ... ] }
 * </pre>
 *
 * With weight prefetch the potentials are over candidates: {@code "nodes": "candidates", "candidates": K} instead of
 * {@code "units"}, and {@code K + 2} potentials per facet (the source, the candidates, the sink).
 *
 * {@code planObjective} and {@code lowerBound} are optional claims ({@link CertificateFile}): the checker recomputes
 * both and rejects a file whose claims its proof does not support.
 * Reading is strict: unknown fields, a wrong format or version, non-finite numbers and missing
 * fields are {@link InputException}s naming the file and the field.
 */
public final class CertificateJson {
  /** The value of the {@code format} field. */
  public static final String FORMAT = "compass-certificate";
  /** The version this code writes and reads. */
  public static final int VERSION = 1;

  private static final Set<String> FIELDS = Set.of("format", "version", "objective", "method", "units", "nodes", "candidates",
      "planObjective", "lowerBound", "facets");
  private static final Set<String> FACET_FIELDS = Set.of("alpha", "beta", "potentials");

  private CertificateJson() {}

  /** The JSON tree of a certificate for a plan of objective {@code planObjective} with lower bound {@code lowerBound}. */
  public static ObjectNode toJson(DualCertificate c, double planObjective, double lowerBound) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("format", FORMAT);
    n.put("version", VERSION);
    n.put("objective", c.objective().toString());
    n.put("method", c.method());
    if (c.nodes() == DualCertificate.Nodes.UNITS) {
      n.put("units", c.facets().get(0).size() - 1);
    } else {
      n.put("nodes", c.nodes().json());
      n.put("candidates", c.facets().get(0).size() - 2);
    }
    n.put("planObjective", planObjective);
    n.put("lowerBound", lowerBound);
    ArrayNode fs = n.putArray("facets");
    for (Facet f : c.facets()) {
      ObjectNode o = fs.addObject();
      o.put("alpha", f.alpha());
      o.put("beta", f.beta());
      ArrayNode p = o.putArray("potentials");
      for (int v = 0; v < f.size(); v++) p.add(f.potential(v));
    }
    return n;
  }

  /** Reads a certificate file, with the values it states. */
  public static CertificateFile read(Path file) {
    return readFile(Json.readText(file), file.toString());
  }

  /** Reads certificate JSON (the proof only); {@code source} names it in errors. */
  public static DualCertificate read(String text, String source) {
    return readFile(text, source).certificate();
  }

  /** Reads certificate JSON with the values it states; {@code source} names it in errors. */
  public static CertificateFile readFile(String text, String source) {
    try {
      return parse(new JsonObject(Json.parse(text, source), ""));
    } catch (InputException e) {
      if (e.getMessage().startsWith(source + ":")) throw e;
      throw e.in(source);
    }
  }

  private static OptionalDouble claim(JsonObject o, String field) {
    if (!o.has(field)) return OptionalDouble.empty();
    double v = o.number(field);
    if (!Double.isFinite(v)) throw new InputException(o.at(field), "must be a finite number, got " + v);
    return OptionalDouble.of(v);
  }

  private static CertificateFile parse(JsonObject o) {
    o.onlyFields(FIELDS);
    String format = o.string("format");
    if (!format.equals(FORMAT)) throw new InputException(o.at("format"), "must be \"" + FORMAT + "\", got \"" + format + "\"");
    long version = o.integer("version");
    if (version != VERSION) throw new InputException(o.at("version"), "must be " + VERSION + " (the version this compass reads), got " + version);
    Objective objective;
    try {
      objective = Objective.parse(o.string("objective"));
    } catch (InputException e) {
      throw new InputException(o.at("objective"), e.problem());
    }
    String method = o.string("method", "unspecified");
    DualCertificate.Nodes nodes = DualCertificate.Nodes.UNITS;
    if (o.has("nodes")) {
      String v = o.string("nodes");
      if (v.equals("candidates")) {
        nodes = DualCertificate.Nodes.CANDIDATES;
      } else if (!v.equals("units")) {
        throw new InputException(o.at("nodes"), "must be \"units\" or \"candidates\" (weight prefetch), got \"" + v + "\"");
      }
    }
    boolean overUnits = nodes == DualCertificate.Nodes.UNITS;
    String countField = overUnits ? "units" : "candidates";
    long units = o.integer(countField);
    if (units < 1) throw new InputException(o.at(countField), "must be >= 1, got " + units);
    long size = overUnits ? units + 1 : units + 2;
    List<JsonObject> fs = o.objects("facets");
    if (fs.isEmpty()) throw new InputException(o.at("facets"), "is empty; a certificate needs at least one facet");
    List<Facet> facets = new ArrayList<>();
    for (JsonObject f : fs) {
      f.onlyFields(FACET_FIELDS);
      double alpha = f.number("alpha");
      double beta = f.number("beta");
      List<JsonNode> p = f.array("potentials");
      if (p.size() != size) {
        throw new InputException(f.at("potentials"), "has " + p.size() + " entries but " + countField + " = " + units + " needs " + size
            + (overUnits ? "" : " (the source, one per candidate, the sink)"));
      }
      double[] pi = new double[p.size()];
      for (int v = 0; v < pi.length; v++) {
        JsonNode x = p.get(v);
        if (!x.isNumber() || !Double.isFinite(x.asDouble())) {
          throw new InputException(f.at("potentials") + "[" + v + "]", "must be a finite number, got " + x);
        }
        pi[v] = x.asDouble();
      }
      try {
        facets.add(new Facet(alpha, beta, pi));
      } catch (InputException e) {
        throw e.in(f.path());
      }
    }
    return new CertificateFile(new DualCertificate(objective, method, facets, nodes), claim(o, "planObjective"), claim(o, "lowerBound"));
  }
}
