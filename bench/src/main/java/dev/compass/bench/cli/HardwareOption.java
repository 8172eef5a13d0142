package dev.compass.bench.cli;

import dev.compass.formulation.InputException;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The {@code --hw NAME|FILE} option, for commands to include with {@code @Mixin}: a preset name
 * ({@code compass hardware} lists them) or the path of a hardware JSON file.
 */
public final class HardwareOption {
  /** The preset used when {@code --hw} is not given. */
  public static final String DEFAULT = "compass-m";

  @Option(names = "--hw", paramLabel = "NAME|FILE", defaultValue = DEFAULT,
      description = "Hardware: a preset (see 'compass hardware') or a hardware .json file. Default: ${DEFAULT-VALUE}.")
  String spec = DEFAULT;

  /** What the user gave (or the default). */
  public String spec() {
    return spec;
  }

  /** The hardware spec {@code --hw} names. */
  public HardwareSpec hardware() {
    return resolve(spec, "--hw");
  }

  /**
   * A preset by name, or a hardware file (a path ending in {@code .json}, or any existing file),
   * read and validated. An unknown name lists the presets; {@code where} names the option in that
   * message (empty for a positional parameter).
   */
  public static HardwareSpec resolve(String spec, String where) {
    if (HardwarePresets.NAMES.contains(spec)) return HardwarePresets.get(spec);
    Path path = Path.of(spec);
    if (spec.toLowerCase(Locale.ROOT).endsWith(".json") || Files.isRegularFile(path)) return Json.readHardware(path);
    throw new InputException(where, "unknown hardware preset '" + spec + "'; presets: "
        + String.join(", ", HardwarePresets.NAMES) + " (or give the path of a hardware .json file)");
  }
}
