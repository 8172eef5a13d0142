package dev.compass.bench.cli;

import dev.compass.solvers.SolverOptions;
import java.math.BigDecimal;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The deterministic work limits of {@code partition}, {@code compare} and {@code sweep} ({@link SolverOptions.Limits},
 * issue 16 item 6): with one worker and a seed, a solve stopped by one of them stops at the same point on any
 * machine, whatever the load. Which solver honours which limit: docs/ilp.md and docs/cp.md. Left out, a limit is off.
 */
public final class WorkLimits {
  @Option(names = "--deterministic-time", paramLabel = "S", converter = DeterministicTime.class,
      description = "Deterministic work limit per solve in CP-SAT's deterministic seconds (ilp-path); reproducible under any load (default: none).")
  Double deterministicTime;

  @Option(names = "--node-limit", paramLabel = "N", converter = Count.class,
      description = "Search node limit per solve: SCIP (ilp-path-scip, ilp-compact) and Choco (cp, cp-compact); reproducible (default: none).")
  Long nodeLimit;

  @Option(names = "--fail-limit", paramLabel = "N", converter = Count.class,
      description = "Fail (backtrack) limit per search for Choco (cp, cp-compact); reproducible (default: none).")
  Long failLimit;

  /** The limits given ({@link SolverOptions.Limits#NONE} when none is). */
  public SolverOptions.Limits limits() {
    return new SolverOptions.Limits(deterministicTime == null ? 0 : deterministicTime, nodeLimit == null ? 0 : nodeLimit,
        failLimit == null ? 0 : failLimit);
  }

  /** A positive, finite number of deterministic seconds. */
  public static final class DeterministicTime implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double s = TimeLimit.positiveSeconds(value.strip());
      if (Double.isNaN(s)) {
        throw new TypeConversionException("'" + value + "' is not a deterministic time; give a positive number of"
            + " deterministic seconds (e.g. 5 or 0.5), or leave the option out for no limit");
      }
      return s;
    }
  }

  /** A positive whole number (a node or fail count). */
  public static final class Count implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      String v = value.strip();
      long n;
      try {
        n = new BigDecimal(v).longValueExact(); // accepts 1e6, rejects 1.5 and values beyond a long
      } catch (NumberFormatException | ArithmeticException e) {
        n = 0;
      }
      if (n < 1) {
        throw new TypeConversionException("'" + value + "' is not a count; give a whole number >= 1 (e.g. 1000),"
            + " or leave the option out for no limit");
      }
      return n;
    }
  }
}
