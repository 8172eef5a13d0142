package dev.compass.formulation.hardware;

import dev.compass.formulation.InputException;
import dev.compass.formulation.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The hardware presets shipped as JSON resources, each number with a provenance note:
 * {@code compass-s}, {@code compass-m}, {@code compass-l} (the COMPASS paper's setup at 16, 32 and 64
 * cores), {@code tiny} (for tests), {@code puma-reram} (modeled on PUMA, ASPLOS 2019) and
 * {@code puma-reram-prefetch} (the same slow-write chip with weight prefetch, FORMULATION.md §9). Only the
 * last has {@code prefetch = true}.
 */
public final class HardwarePresets {
  /** Preset names, in the order listed by {@code compass hardware}. */
  public static final List<String> NAMES = List.of("compass-s", "compass-m", "compass-l", "tiny", "puma-reram",
      "puma-reram-prefetch");

  private HardwarePresets() {}

  /** A preset by name; an unknown name lists the valid ones. */
  public static HardwareSpec get(String name) {
    if (!NAMES.contains(name)) {
      throw new InputException("--hw", "unknown hardware preset '" + name + "'; presets: " + String.join(", ", NAMES)
          + " (or give the path of a hardware JSON file)");
    }
    return Json.readHardware(text(name), "preset " + name, true);
  }

  /** The preset's JSON text as shipped. */
  public static String text(String name) {
    String res = "presets/" + name + ".json";
    try (InputStream in = HardwarePresets.class.getResourceAsStream(res)) {
      if (in == null) throw new IllegalStateException("missing resource " + res);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A preset name, or the path of a hardware JSON file (anything ending in .json or naming an existing file). */
  public static HardwareSpec resolve(String nameOrPath) {
    if (NAMES.contains(nameOrPath)) return get(nameOrPath);
    Path p = Path.of(nameOrPath);
    if (nameOrPath.endsWith(".json") || Files.exists(p)) return Json.readHardware(p);
    return get(nameOrPath);
  }
}
