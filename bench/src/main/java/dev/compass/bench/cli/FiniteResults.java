package dev.compass.bench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.formulation.InputException;
import java.util.Iterator;
import java.util.Map;

/**
 * The last guard against a silent wrong answer: every number of a result document is finite, and
 * its latency is positive. The hardware and network limits (docs/formats.md, "Limits") are meant to
 * make this hold for every accepted input; when it does not, the command stops with bad input (exit 2)
 * instead of printing {@code Infinity}, {@code NaN} or a negative time.
 */
final class FiniteResults {
  private FiniteResults() {}

  /**
   * Checks {@code doc}; {@code instance} (e.g. {@code "resnet18 on compass-m"}) locates the error.
   * A JSON {@code null} (an unbounded lower bound, an undefined gap) is not a number and passes.
   */
  static void require(JsonNode doc, String instance) {
    String bad = firstNonFinite(doc, "");
    if (bad != null) {
      throw new InputException(instance, "the costs are not finite (" + bad + "); the hardware's or the network's"
          + " numbers are too extreme for this model (see docs/formats.md, Limits)");
    }
    JsonNode latency = doc.get("latencySeconds");
    if (latency != null && latency.isNumber() && !(latency.asDouble() > 0)) {
      throw new InputException(instance, "the latency is " + latency.asDouble() + " s, not positive; the hardware's or"
          + " the network's numbers are too extreme for this model (see docs/formats.md, Limits)");
    }
  }

  /** The same check on a plan's cost: latency, energy and every partition's latency and energy. */
  static void require(dev.compass.costmodel.PlanCost c, String instance) {
    String bad = check("latencySeconds", c.latencySeconds(), true);
    if (bad == null) bad = check("energyJoules", c.energyJoules(), false);
    for (int k = 0; bad == null && k < c.partitions().size(); k++) {
      var p = c.partitions().get(k);
      bad = check("partitions[" + k + "].latencySeconds", p.latencySeconds(), true);
      if (bad == null) bad = check("partitions[" + k + "].energyJoules", p.energyJoules(), false);
    }
    if (bad != null) {
      throw new InputException(instance, "the costs are not finite and positive (" + bad + "); the hardware's or the"
          + " network's numbers are too extreme for this model (see docs/formats.md, Limits)");
    }
  }

  private static String check(String field, double v, boolean positive) {
    return Double.isFinite(v) && (positive ? v > 0 : v >= 0) ? null : field + " = " + v;
  }

  /** {@code path = value} of the first number that is NaN or infinite, or null. */
  static String firstNonFinite(JsonNode n, String path) {
    if (n.isNumber()) return Double.isFinite(n.asDouble()) ? null : path + " = " + n.asDouble();
    if (n.isTextual() && (n.asText().equals("NaN") || n.asText().endsWith("Infinity"))) return path + " = " + n.asText();
    if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        String bad = firstNonFinite(n.get(i), path + "[" + i + "]");
        if (bad != null) return bad;
      }
    } else if (n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String bad = firstNonFinite(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey());
        if (bad != null) return bad;
      }
    }
    return null;
  }
}
