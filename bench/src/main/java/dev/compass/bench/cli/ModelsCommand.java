package dev.compass.bench.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.compass.bench.models.ModelResolver;
import dev.compass.bench.models.ModelSummary;
import dev.compass.formulation.io.Json;
import dev.compass.formulation.zoo.ModelZoo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code compass models [MODEL...] [--json]}: the zoo models (or the given ones) with their stages,
 * weight parameters, crossbar MACs and attention MACs per image.
 */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = {
      "List the zoo models, or the given models, with their size.",
      "stages = weighted operators; weights = weight parameters (biases excluded); "
          + "MACs = crossbar MACs per image; attention MACs = activation-by-activation MACs per image."
    })
final class ModelsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "MODEL",
      description = "Zoo model names or network .json files (default: every zoo model).")
  List<String> models = new ArrayList<>();

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Override
  public Integer call() {
    List<ModelSummary> rows = new ArrayList<>();
    if (models.isEmpty()) {
      for (String name : ModelZoo.names()) rows.add(ModelSummary.of(name, ModelZoo.build(name)));
    } else {
      for (String m : models) {
        var net = ModelResolver.resolve(m, "");
        rows.add(ModelZoo.names().contains(m) ? ModelSummary.of(m, net) : ModelSummary.of(net));
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ArrayNode a = Json.MAPPER.createArrayNode();
      for (ModelSummary s : rows) {
        ObjectNode n = a.addObject();
        n.put("name", s.name());
        n.put("stages", s.stages());
        n.put("weightParams", s.weightParams());
        n.put("macsPerImage", s.macsPerImage());
        n.put("attentionMacs", s.attentionMacs());
      }
      out.print(Json.toJson(a));
      out.flush();
      return 0;
    }
    Table t = new Table("name", ">stages", ">weights", ">MACs/image", ">attention MACs/image");
    for (ModelSummary s : rows) {
      t.row(s.name(), s.stages(), grouped(s.weightParams()), grouped(s.macsPerImage()), grouped(s.attentionMacs()));
    }
    t.print(out);
    return 0;
  }

  private static String grouped(long v) {
    return String.format(Locale.ROOT, "%,d", v);
  }
}
