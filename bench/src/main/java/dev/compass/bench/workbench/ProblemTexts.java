package dev.compass.bench.workbench;

import dev.compass.formulation.io.Json;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A grid's networks and chips as JSON texts (the formats of {@code docs/formats.md}), keyed by the
 * names the grid uses for them. A distributed sweep ships these to its workers, so that a worker
 * needs neither the model files nor the zoo's sources: the driver resolves every name once, the
 * workers parse the texts ({@link Json#readNetwork(String, String)}, {@link Json#readHardware(String, String)}).
 *
 * @param networks network JSON by model name (as given to {@code --model})
 * @param hardware hardware JSON by chip name (as given to {@code --hw})
 */
public record ProblemTexts(Map<String, String> networks, Map<String, String> hardware) {
  public ProblemTexts {
    networks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(networks));
    hardware = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hardware));
  }

  /** The texts of {@code models} and {@code chips}, resolved through {@code problems}. */
  public static ProblemTexts of(Problems problems, Collection<String> models, Collection<String> chips) {
    Map<String, String> n = new LinkedHashMap<>();
    for (String m : models) n.put(m, Json.writeNetwork(problems.network(m)));
    Map<String, String> h = new LinkedHashMap<>();
    for (String c : chips) h.put(c, Json.writeHardware(problems.hardware(c)));
    return new ProblemTexts(n, h);
  }

  /** Problems that parse these texts (each once); a name that is not here is an {@link IllegalArgumentException}. */
  public Problems problems() {
    return new Problems(m -> Json.readNetwork(text(networks, m, "model"), "network " + m),
        h -> Json.readHardware(text(hardware, h, "hardware"), "hardware " + h));
  }

  private static String text(Map<String, String> texts, String name, String what) {
    String t = texts.get(name);
    if (t == null) throw new IllegalArgumentException("no " + what + " '" + name + "' among " + texts.keySet());
    return t;
  }
}
