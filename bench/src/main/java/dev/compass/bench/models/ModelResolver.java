package dev.compass.bench.models;

import dev.compass.formulation.InputException;
import dev.compass.formulation.io.Json;
import dev.compass.formulation.network.Network;
import dev.compass.formulation.zoo.ModelZoo;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Turns what a user types after {@code --model} into a {@link Network}: a path ending in
 * {@code .json} (the network format, {@code docs/formats.md}), a path ending in {@code .onnx}, or the
 * name of a zoo model.
 */
public final class ModelResolver {
  private ModelResolver() {}

  /** The network that {@code spec} names; an unknown name lists the zoo's models. */
  public static Network resolve(String spec) {
    return resolve(spec, "--model");
  }

  /**
   * As {@link #resolve(String)}; {@code where} (an option name, or empty for a positional
   * parameter) locates an unknown name in the error message.
   */
  public static Network resolve(String spec, String where) {
    String lower = spec.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".json")) return Json.readNetwork(Path.of(spec));
    if (lower.endsWith(".onnx")) return readOnnx(Path.of(spec));
    List<String> names = ModelZoo.names();
    if (!names.contains(spec)) {
      throw new InputException(where, "unknown model '" + spec + "'; zoo models: " + String.join(", ", names)
          + " (or give the path of a network .json or .onnx file)");
    }
    return ModelZoo.build(spec);
  }

  /** Reads an ONNX model. The one place where ONNX import is wired in. */
  static Network readOnnx(Path file) {
    return dev.compass.formulation.onnx.OnnxImporter.read(file);
  }
}
