package dev.compass.pimsim.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.compass.formulation.io.Json;

/**
 * The JSON of a {@link SimResult}. Field names follow {@code compass evaluate} where they mean the
 * same ({@code latencySeconds}, {@code energyJoules}, {@code partitions[]} with {@code firstUnit},
 * {@code lastUnit}, {@code latencySeconds}, {@code energyJoules}, {@code writeSeconds},
 * {@code computeSeconds}, {@code weightBytes}, {@code ioBytes}, {@code rowsWritten}); in addition
 * {@code dynamicEnergyJoules}, {@code energy} by kind, array utilization and DRAM traffic.
 */
public final class SimResultJson {
  private SimResultJson() {}

  /** Indented JSON text (ends with a newline). */
  public static String write(SimResult r) {
    return Json.toJson(node(r));
  }

  /** The result as a JSON tree. */
  public static ObjectNode node(SimResult r) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("network", r.network());
    n.put("hardware", r.hardware());
    n.put("batch", r.batch());
    n.put("latencySeconds", r.latencySeconds());
    n.put("throughput", r.throughput());
    n.put("energyJoules", r.energyJoules());
    n.put("dynamicEnergyJoules", r.dynamicEnergyJoules());
    energy(n.putObject("energy"), r.energy());
    n.put("arrayUtilization", r.arrayUtilization());
    n.put("weightBytes", r.weightBytes());
    n.put("ioBytes", r.ioBytes());
    n.put("dramBytes", r.dramBytes());
    n.put("dramBusySeconds", r.dramBusySeconds());
    n.put("events", r.events());
    var parts = n.putArray("partitions");
    for (PartitionResult p : r.partitions()) {
      ObjectNode o = parts.addObject();
      o.put("index", p.index());
      o.put("firstUnit", p.firstUnit());
      o.put("lastUnit", p.lastUnit());
      o.put("latencySeconds", p.latencySeconds());
      o.put("energyJoules", p.energyJoules());
      o.put("dynamicEnergyJoules", p.dynamicEnergyJoules());
      o.put("writeSeconds", p.writeSeconds());
      o.put("computeSeconds", p.computeSeconds());
      o.put("weightBytes", p.weightBytes());
      o.put("ioBytes", p.ioBytes());
      o.put("rowsWritten", p.rowsWritten());
      o.put("arraySteps", p.arraySteps());
      o.put("vectorMacs", p.vectorMacs());
      o.put("arrayUtilization", p.arrayBusySeconds() / (r.arrays() * p.latencySeconds()));
      energy(o.putObject("energy"), p.energy());
    }
    return n;
  }

  private static void energy(ObjectNode o, EnergyBreakdown e) {
    o.put("compute", e.compute());
    o.put("weightDram", e.weightDram());
    o.put("rowWrites", e.rowWrites());
    o.put("activationDram", e.activationDram());
    o.put("vector", e.vector());
    o.put("static", e.staticEnergy());
  }
}
