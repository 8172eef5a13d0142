package dev.compass.formulation.network;

import dev.compass.formulation.InputException;
import java.util.List;

/** Validation helpers for the compact constructors of the network records. */
final class Checks {
  private Checks() {}

  static void name(String s, String field) {
    if (s == null || s.isBlank()) {
      throw new InputException(field, "is missing or empty; give a non-empty name");
    }
  }

  static void positive(long v, String field) {
    if (v <= 0) {
      throw new InputException(field, "must be positive, got " + v);
    }
  }

  static List<Integer> ints(List<Integer> values, int size, int min, String field) {
    if (values == null || values.size() != size) {
      throw new InputException(field, "needs " + size + " integers, got " + values);
    }
    for (int i = 0; i < size; i++) {
      Integer v = values.get(i);
      if (v == null || v < min) {
        throw new InputException(field + "[" + i + "]", "must be >= " + min + ", got " + v);
      }
    }
    return List.copyOf(values);
  }

  static List<String> names(List<String> values, String field, boolean nonEmpty) {
    if (values == null || (nonEmpty && values.isEmpty())) {
      throw new InputException(field, "needs at least one tensor name");
    }
    for (int i = 0; i < values.size(); i++) {
      name(values.get(i), field + "[" + i + "]");
    }
    return List.copyOf(values);
  }
}
