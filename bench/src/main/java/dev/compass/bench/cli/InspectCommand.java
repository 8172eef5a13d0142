package dev.compass.bench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.compass.bench.report.ResultJson;
import dev.compass.costmodel.CostModel;
import dev.compass.formulation.io.Json;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code compass inspect}: the per-stage mapping table and the stage graph. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Show how each stage maps onto the chip's arrays (tiles, arrays, units) and the stage graph.")
final class InspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ModelOption model;
  @Mixin HardwareOption hw;

  @Option(names = "--json", description = "Print JSON (fields: units, totals, stages[], edges[]).")
  boolean json;

  @Override
  public Integer call() {
    CostModel m = CostModel.of(model.network(), hw.hardware(), 1);
    ObjectNode doc = ResultJson.inspect(model.spec(), m);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.print(Json.toJson(doc));
      out.flush();
      return 0;
    }
    JsonNode t = doc.get("totals");
    out.printf(Locale.ROOT, "%s on %s (%s, %d arrays, prefetch %s): %d stages, %d units, %,d arrays, %,.0f weight bytes, %,d MACs/image%n%n",
        model.spec(), m.hardware().name(), m.hardware().allocation(), m.hardware().arrays(),
        m.hardware().prefetch() ? "on" : "off", m.stages(), m.units(),
        t.get("arrays").asLong(), t.get("weightBytes").asDouble(), t.get("macsPerImage").asLong());
    Table table = new Table(">#", "stage", "kind", ">H", ">W", ">g", ">P", ">R", ">C", ">chunks", ">arrays", ">units", ">first unit", ">weight B");
    for (JsonNode s : doc.get("stages")) {
      table.row(s.get("index").asInt(), s.get("name").asText(), s.get("kind").asText(), s.get("rows").asLong(), s.get("cols").asLong(),
          s.get("groups").asLong(), s.get("mvmsPerImage").asLong(), s.get("rowTiles").asLong(), s.get("colTiles").asLong(),
          s.get("rowChunks").asLong(), s.get("arrays").asLong(), s.get("units").asLong(), s.get("firstUnit").asLong(),
          String.format(Locale.ROOT, "%,.1f", s.get("weightBytes").asDouble()));
    }
    table.print(out);
    out.println();
    out.println("stage graph (edges with bytes per image):");
    Table edges = new Table("from", "to", ">bytes/image");
    for (JsonNode e : doc.get("edges")) {
      edges.row(e.get("from").asText(), e.get("to").asText(), String.format(Locale.ROOT, "%,.1f", e.get("bytesPerImage").asDouble()));
    }
    edges.print(out);
    return 0;
  }
}
