package dev.compass.pimsim.program;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.compass.formulation.InputException;
import dev.compass.formulation.io.Json;

/**
 * Program JSON: the records' fields under their own names, pretty-printed. Counts are integers,
 * bytes are exact doubles, tensors and stages are named as in the network.
 */
public final class ProgramJson {
  private ProgramJson() {}

  /** The program as indented JSON (ends with a newline). */
  public static String write(Program program) {
    return Json.toJson(program);
  }

  /** Reads a program written by {@link #write}; {@code source} names it in errors. */
  public static Program read(String text, String source) {
    try {
      return Json.MAPPER.readValue(text, Program.class);
    } catch (JsonProcessingException e) {
      throw new InputException(source, "not a compass program: " + e.getOriginalMessage());
    } catch (IllegalArgumentException e) {
      throw new InputException(source, "not a valid compass program: " + e.getMessage());
    }
  }
}
