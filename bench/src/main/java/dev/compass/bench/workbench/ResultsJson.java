package dev.compass.bench.workbench;

import static dev.compass.bench.report.ResultJson.putNumber;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.compass.formulation.io.Json;
import java.util.Map;

/**
 * {@code results.json}: {@code run} (notes on the run), {@code rows} (the CSV's columns, numbers or
 * null, {@code trace} an array), {@code instances} (the per-instance summaries with their
 * {@code ratios}), {@code pareto} (supported points per model, hardware and batch, with the EDP
 * optimum) and {@code paper} (the paper's figures).
 */
public final class ResultsJson {
  private ResultsJson() {}

  public static ObjectNode of(Report report) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    ObjectNode run = root.putObject("run");
    report.meta().forEach(run::put);
    ArrayNode rows = root.putArray("rows");
    for (ResultRow r : report.rows()) rows.add(row(r));
    ArrayNode inst = root.putArray("instances");
    for (InstanceSummary s : report.summaries()) {
      ObjectNode n = inst.addObject();
      instance(n, s.instance());
      n.put("optimumSolver", s.optimumSolver());
      putNumber(n, "optimumValue", s.optimumValue());
      putNumber(n, "optimumLatencySeconds", s.optimumLatencySeconds());
      putNumber(n, "rooflineSeconds", s.rooflineSeconds());
      putNumber(n, "rooflineFraction", s.rooflineFraction());
      ArrayNode ratios = n.putArray("ratios");
      for (InstanceSummary.Ratio q : s.ratios()) {
        ObjectNode rn = ratios.addObject();
        rn.put("solver", q.solver());
        rn.put("baseline", q.baseline());
        putNumber(rn, "ours", q.ours());
        putNumber(rn, "paper", q.paper());
      }
    }
    ArrayNode pareto = root.putArray("pareto");
    Map<String, Instance> instances = report.problemInstances();
    report.fronts().forEach((key, pts) -> {
      ObjectNode n = pareto.addObject();
      Instance i = instances.get(key);
      if (i != null) {
        n.put("model", i.model());
        n.put("hardware", i.hardware());
        n.put("batch", i.batch());
      }
      ArrayNode a = n.putArray("points");
      for (ParetoFront.Point p : pts) point(a.addObject(), p);
      if (!pts.isEmpty()) point(n.putObject("edpOptimum"), ParetoFront.edpOptimum(pts));
    });
    ObjectNode paper = root.putObject("paper");
    paper.put("source", "COMPASS, DATE 2025: the genetic partitioning over the baselines");
    ObjectNode tg = paper.putObject("throughputVsGreedy");
    PaperFigures.THROUGHPUT_VS_GREEDY.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> tg.put(e.getKey(), e.getValue()));
    ObjectNode tl = paper.putObject("throughputVsLayerwise");
    PaperFigures.THROUGHPUT_VS_LAYERWISE.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> tl.put(e.getKey(), e.getValue()));
    paper.put("edpVsGreedy", PaperFigures.EDP_VS_GREEDY);
    paper.put("edpVsLayerwise", PaperFigures.EDP_VS_LAYERWISE);
    return root;
  }

  static ObjectNode row(ResultRow r) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    instance(n, r.instance());
    n.put("solver", r.solver());
    n.put("status", r.status());
    putNumber(n, "objectiveValue", r.objectiveValue());
    putNumber(n, "latencySeconds", r.latencySeconds());
    putNumber(n, "energyJoules", r.energyJoules());
    putNumber(n, "edp", r.edp());
    putNumber(n, "throughput", r.throughput());
    n.put("partitions", r.partitions());
    putNumber(n, "solveSeconds", r.solveSeconds());
    putNumber(n, "lowerBound", r.lowerBound());
    putNumber(n, "gap", r.gap());
    putNumber(n, "simLatencySeconds", r.simLatencySeconds());
    putNumber(n, "simDeviation", r.simDeviation());
    putNumber(n, "rooflineSeconds", r.rooflineSeconds());
    putNumber(n, "rooflineFraction", r.rooflineFraction());
    n.put("plan", r.plan());
    ArrayNode t = n.putArray("trace");
    r.trace().forEach(t::add);
    n.put("error", r.error());
    return n;
  }

  private static void point(ObjectNode n, ParetoFront.Point p) {
    n.put("latencySeconds", p.latencySeconds());
    n.put("energyJoules", p.energyJoules());
    n.put("edp", p.edp());
  }

  private static void instance(ObjectNode n, Instance i) {
    n.put("model", i.model());
    n.put("hardware", i.hardware());
    n.put("batch", i.batch());
    n.put("objective", i.objective());
  }
}
