package dev.compass.bench.study;

/**
 * Numbers in the studies' arguments: a malformed or out-of-range one is an {@link IllegalArgumentException} naming the
 * option and the value ({@code compass study} turns it into one line and exit 2).
 */
final class StudyArgs {
  private StudyArgs() {}

  /** The number given to {@code option}. */
  static double number(String option, String v) {
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": must be a number, got '" + v + "'");
    }
  }

  /** The integer given to {@code option}. */
  static long integer(String option, String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": must be an integer, got '" + v + "'");
    }
  }

  /** The integer from 1 to {@code Integer.MAX_VALUE} given to {@code option}. */
  static int positiveInt(String option, String v) {
    long x = integer(option, v);
    if (x < 1 || x > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(option + ": must be an integer from 1 to " + Integer.MAX_VALUE + ", got " + x);
    }
    return (int) x;
  }
}
