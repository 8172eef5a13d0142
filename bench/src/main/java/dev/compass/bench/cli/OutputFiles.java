package dev.compass.bench.cli;

import dev.compass.formulation.InputException;
import dev.compass.formulation.io.AtomicFiles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files one command writes ({@code --out}, {@code --trace}), collected while it runs and written
 * together at the end with {@link AtomicFiles#writeAll}: when one cannot be written, none is left
 * behind, and a command that fails before the end writes nothing. Errors name the option and the path.
 */
final class OutputFiles {
  private final Map<Path, String> texts = new LinkedHashMap<>();
  private final Map<String, String> options = new LinkedHashMap<>();
  private final Map<Path, String> claimed = new LinkedHashMap<>();

  /** Fails now, before any work, if {@code option}'s path {@code file} could not be written. */
  static void checkWritable(String option, Path file) {
    if (file == null) return;
    try {
      AtomicFiles.checkWritable(file);
    } catch (InputException e) {
      throw e.in(option);
    }
  }

  /** Adds a file to write at the end. */
  OutputFiles add(String option, Path file, String text) {
    String other = claimed.putIfAbsent(file.toAbsolutePath().normalize(), option);
    if (other != null) {
      throw new InputException(option, "writes " + file + ", which " + other + " writes too; give another file");
    }
    texts.put(file, text);
    options.put(file.toString(), option);
    return this;
  }

  /** Writes every file added, all or none. */
  void commit() {
    try {
      AtomicFiles.writeAll(texts);
    } catch (InputException e) {
      String option = options.get(e.location());
      throw option == null ? e : e.in(option);
    }
  }
}
