package dev.compass.bench.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.compass.costmodel.BindingLoad;
import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PartitionCost;
import dev.compass.costmodel.PlanCost;
import dev.compass.formulation.graph.Stage;
import dev.compass.formulation.graph.StageEdge;
import dev.compass.formulation.io.Json;
import dev.compass.formulation.mapping.Mapping;
import dev.compass.formulation.mapping.StageMapping;
import dev.compass.formulation.plan.Objective;
import dev.compass.solvers.Certificate;
import dev.compass.solvers.SolverResult;
import java.util.Map;

/**
 * Builds the JSON documents of {@code inspect}, {@code partition} and {@code evaluate}. The field
 * names listed in the README are a contract; more fields may be added, none renamed.
 */
public final class ResultJson {
  private ResultJson() {}

  /** {@code compass inspect --json}: the mapping table and the stage graph. */
  public static ObjectNode inspect(String model, CostModel m) {
    Mapping map = m.mapping();
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("model", model);
    root.put("network", m.graph().network().name());
    root.put("hardware", m.hardware().name());
    root.put("allocation", m.hardware().allocation().name());
    root.put("arraysOnChip", m.hardware().arrays());
    root.put("units", m.units());
    long macs = 0;
    long attention = 0;
    for (Stage s : m.graph().stages()) {
      macs += s.macsPerImage();
      attention += s.attentionMacs();
    }
    ObjectNode totals = root.putObject("totals");
    totals.put("stages", m.stages());
    totals.put("arrays", map.totalArrays());
    totals.put("weightBytes", map.totalWeightBits() / 8.0);
    totals.put("macsPerImage", macs);
    totals.put("attentionMacsPerImage", attention);
    ArrayNode stages = root.putArray("stages");
    for (Stage s : m.graph().stages()) {
      StageMapping sm = map.stage(s.index());
      ObjectNode n = stages.addObject();
      n.put("index", s.index());
      n.put("name", s.name());
      n.put("kind", s.kind());
      n.put("rows", s.h());
      n.put("cols", s.w());
      n.put("groups", s.groups());
      n.put("mvmsPerImage", s.mvmsPerImage());
      n.put("macsPerImage", s.macsPerImage());
      n.put("attentionMacsPerImage", s.attentionMacs());
      n.put("rowTiles", sm.rowTiles());
      n.put("colTiles", sm.colTiles());
      n.put("packedGroups", sm.packedGroups());
      n.put("rowChunks", sm.chunks());
      n.put("arrays", sm.arrays());
      n.put("units", sm.units());
      n.put("firstUnit", sm.firstUnit());
      n.put("weightBytes", sm.weightBytes());
      ArrayNode v = n.putArray("vectorOps");
      s.vectorOps().forEach(v::add);
    }
    ArrayNode edges = root.putArray("edges");
    int bits = m.hardware().activationBits();
    for (StageEdge e : m.graph().edges()) {
      ObjectNode n = edges.addObject();
      n.put("from", m.stageName(e.from()));
      n.put("to", m.stageName(e.to()));
      n.put("fromIndex", e.from());
      n.put("toIndex", e.to());
      n.put("bytesPerImage", e.bytesPerImage(bits));
    }
    return root;
  }

  /** {@code compass partition --json}: a solver's result. */
  public static ObjectNode partition(String model, CostModel m, SolverResult r) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("model", model);
    root.put("hardware", m.hardware().name());
    root.put("solver", r.solver());
    root.put("status", r.status().name());
    root.put("objective", r.objective().toString());
    root.put("batch", m.batch());
    root.put("objectiveValue", r.objectiveValue());
    r.cost().ifPresent(c -> costFields(root, c));
    root.put("solveSeconds", r.solveSeconds());
    ObjectNode cert = root.putObject("certificate");
    Certificate c = r.certificate().orElse(null);
    cert.put("optimal", c != null && c.optimal());
    putNumber(cert, "lowerBound", r.lowerBound());
    cert.put("method", c == null ? r.solver() : c.method());
    if (c != null) {
      cert.put("objectiveRecomputed", c.objectiveValue());
      cert.put("feasible", c.feasible());
      ArrayNode pr = cert.putArray("problems");
      c.problems().forEach(pr::add);
    }
    putNumber(root, "gap", r.gap());
    ObjectNode stats = root.putObject("statistics");
    for (Map.Entry<String, Object> e : r.statistics().asMap().entrySet()) stats.set(e.getKey(), Json.MAPPER.valueToTree(e.getValue()));
    r.cost().ifPresent(cost -> partitions(root, cost));
    return root;
  }

  /** {@code compass evaluate --json}: a plan's cost. */
  public static ObjectNode evaluate(String model, CostModel m, Objective objective, PlanCost cost, Certificate cert) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("model", model);
    root.put("hardware", m.hardware().name());
    root.put("solver", "evaluate");
    root.put("objective", objective.toString());
    root.put("batch", m.batch());
    root.put("objectiveValue", cost.value(objective));
    costFields(root, cost);
    root.put("solveSeconds", 0.0);
    ObjectNode c = root.putObject("certificate");
    c.put("optimal", false);
    putNumber(c, "lowerBound", Double.NEGATIVE_INFINITY);
    c.put("method", "evaluated plan (no optimality claim)");
    c.put("feasible", cert.feasible());
    c.put("leastReplication", cert.problems().isEmpty());
    ArrayNode pr = c.putArray("problems");
    cert.problems().forEach(pr::add);
    partitions(root, cost);
    return root;
  }

  private static void costFields(ObjectNode root, PlanCost c) {
    root.put("latencySeconds", c.latencySeconds());
    root.put("energyJoules", c.energyJoules());
    root.put("dynamicEnergyJoules", c.dynamicEnergy());
    root.put("staticEnergyJoules", c.staticEnergy());
    root.put("edp", c.edp());
    root.put("throughput", c.throughput());
    root.put("partitionCount", c.partitions().size());
  }

  private static void partitions(ObjectNode root, PlanCost cost) {
    ArrayNode parts = root.putArray("partitions");
    for (PartitionCost p : cost.partitions()) {
      ObjectNode n = parts.addObject();
      n.put("firstUnit", p.firstUnit());
      n.put("lastUnit", p.lastUnit());
      ObjectNode rep = n.putObject("replication");
      p.replication().forEach(rep::put);
      n.put("latencySeconds", p.latencySeconds());
      n.put("energyJoules", p.energyJoules());
      n.put("writeSeconds", p.writeSeconds());
      n.put("computeSeconds", p.computeSeconds());
      n.put("fillSeconds", p.fillSeconds());
      n.put("tauSeconds", p.tauSeconds());
      n.put("bottleneckSeconds", p.bottleneckSeconds());
      n.put("vectorSeconds", p.vectorSeconds());
      if (p.bindingLoad().isPresent()) {
        BindingLoad b = p.bindingLoad().get();
        ObjectNode l = n.putObject("bindingLoad");
        l.put("stage", b.stage());
        l.put("stageIndex", b.stageIndex());
        l.put("bytesPerImage", b.bytesPerImage());
        l.put("seconds", b.seconds());
      } else {
        n.putNull("bindingLoad");
      }
      n.put("weightBytes", p.weightBytes());
      n.put("ioBytes", p.ioBytes());
      n.put("loadBytes", p.loadBytes());
      n.put("storeBytes", p.storeBytes());
      n.put("rowsWritten", p.rowsWritten());
      n.put("arraysUsed", p.arraysUsed());
      ObjectNode e = n.putObject("energy");
      e.put("compute", p.computeEnergy());
      e.put("weightDram", p.weightDramEnergy());
      e.put("activationDram", p.ioDramEnergy());
      e.put("rowWrites", p.rowWriteEnergy());
      e.put("attention", p.attentionEnergy());
      e.put("static", p.staticEnergy());
    }
  }

  /** JSON has no infinities (nor NaN): they are written as null. */
  public static void putNumber(ObjectNode n, String field, double v) {
    if (Double.isFinite(v)) n.put(field, v);
    else n.putNull(field);
  }
}
