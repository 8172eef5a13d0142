package dev.compass.formulation.plan;

import dev.compass.formulation.InputException;
import java.util.Locale;

/**
 * What a plan minimizes (FORMULATION.md §5): batch latency {@code T}, energy {@code E}, {@code E*T},
 * or {@code lambda*T + E}.
 */
public record Objective(Kind kind, double lambda) {

  public enum Kind { LATENCY, ENERGY, EDP, WEIGHTED }

  public static final Objective LATENCY = new Objective(Kind.LATENCY, 0);
  public static final Objective ENERGY = new Objective(Kind.ENERGY, 0);
  public static final Objective EDP = new Objective(Kind.EDP, 0);

  public Objective {
    if (kind == null) throw new InputException("objective", "is missing; valid: latency, energy, edp, weighted:LAMBDA");
    if (kind == Kind.WEIGHTED && !(lambda >= 0 && Double.isFinite(lambda))) {
      throw new InputException("objective", "weighted needs a finite lambda >= 0 (J/s), got " + lambda);
    }
    if (kind == Kind.WEIGHTED && lambda > MAX_LAMBDA) {
      throw new InputException("objective", "weighted needs a lambda of at most 1e30 J/s (larger ones overflow the"
          + " objective to Infinity), got " + lambda + "; to minimize latency alone use --objective latency");
    }
    if (kind != Kind.WEIGHTED) lambda = 0;
  }

  /** The largest weighted lambda, so that {@code lambda*T + E} stays finite for every accepted input. */
  public static final double MAX_LAMBDA = 1e30;

  public static Objective weighted(double lambda) {
    return new Objective(Kind.WEIGHTED, lambda);
  }

  /** True for the objectives that add up over partitions (all but EDP). */
  public boolean additive() {
    return kind != Kind.EDP;
  }

  /** The objective's value for a plan with batch latency {@code t} seconds and energy {@code e} joules. */
  public double value(double t, double e) {
    return switch (kind) {
      case LATENCY -> t;
      case ENERGY -> e;
      case EDP -> e * t;
      case WEIGHTED -> lambda * t + e;
    };
  }

  /** Parses {@code latency}, {@code energy}, {@code edp} or {@code weighted:LAMBDA} (any case). */
  public static Objective parse(String s) {
    String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    if (v.startsWith("weighted")) {
      String rest = v.substring("weighted".length());
      if (rest.startsWith(":") || rest.startsWith("=") || rest.startsWith("(")) {
        String num = rest.substring(1).replace(")", "");
        try {
          return weighted(Double.parseDouble(num));
        } catch (NumberFormatException e) {
          throw new InputException("objective", "'" + s + "': lambda '" + num + "' is not a number; e.g. weighted:0.5");
        }
      }
      throw new InputException("objective", "'" + s + "' needs a lambda, e.g. weighted:0.5");
    }
    return switch (v) {
      case "latency", "throughput" -> LATENCY;
      case "energy" -> ENERGY;
      case "edp" -> EDP;
      default -> throw new InputException("objective", "unknown objective '" + s + "'; valid: latency, energy, edp, weighted:LAMBDA");
    };
  }

  @Override
  public String toString() {
    return kind == Kind.WEIGHTED ? "weighted:" + lambda : kind.name().toLowerCase(Locale.ROOT);
  }
}
