package dev.compass.bench.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converts {@code --time-limit}: a positive, finite number of seconds, or the word {@code none}
 * for no limit (returned as 0, which {@link dev.compass.solvers.SolverOptions} reads as "none").
 * Zero, negative numbers, {@code NaN} and infinity are rejected: they used to mean "no limit"
 * silently.
 */
public final class TimeLimit implements ITypeConverter<Double> {
  /** The word for no limit. */
  public static final String NONE = "none";

  @Override
  public Double convert(String value) {
    String v = value.strip();
    if (v.toLowerCase(Locale.ROOT).equals(NONE)) return 0.0;
    double s = positiveSeconds(v);
    if (Double.isNaN(s)) {
      throw new TypeConversionException("'" + value + "' is not a time limit; give a positive number of seconds"
          + " (e.g. 60 or 0.5), or '" + NONE + "' for no limit");
    }
    return s;
  }

  /**
   * {@code v} as a positive, finite number of seconds, or {@code NaN} when it is not one (not a
   * number, zero, negative, {@code NaN} or infinite). Shared with {@link WorkLimits.DeterministicTime}.
   */
  static double positiveSeconds(String v) {
    double s;
    try {
      s = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
    return s > 0 && !Double.isInfinite(s) ? s : Double.NaN;
  }
}
