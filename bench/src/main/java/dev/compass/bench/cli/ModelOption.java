package dev.compass.bench.cli;

import dev.compass.bench.models.ModelResolver;
import dev.compass.formulation.network.Network;
import picocli.CommandLine.Option;

/**
 * The {@code --model NAME|FILE} option, for commands to include with {@code @Mixin}: a zoo model
 * ({@code compass models} lists them) or the path of a network {@code .json} (or {@code .onnx}) file.
 */
public final class ModelOption {
  /** The model used when {@code --model} is not given. */
  public static final String DEFAULT = "resnet18";

  @Option(names = "--model", paramLabel = "NAME|FILE", defaultValue = DEFAULT,
      description = "Network: a zoo model (see 'compass models') or a network .json file. Default: ${DEFAULT-VALUE}.")
  String spec = DEFAULT;

  /** What the user gave (or the default). */
  public String spec() {
    return spec;
  }

  /** The network {@code --model} names. */
  public Network network() {
    return ModelResolver.resolve(spec, "--model");
  }
}
