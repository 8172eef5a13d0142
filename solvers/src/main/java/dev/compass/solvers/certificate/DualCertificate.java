package dev.compass.solvers.certificate;

import dev.compass.formulation.plan.Objective;
import java.util.List;

/**
 * A checkable optimality proof for one (network, hardware, batch, objective): the facets whose
 * potentials bound every plan's objective from below. For an additive objective one facet with the
 * objective's own weights ({@code LATENCY = (1, 0)}, {@code ENERGY = (0, 1)},
 * {@code WEIGHTED(lambda) = (lambda, 1)}) suffices; for EDP, the facets of the weighted solves of the
 * supported-point search (FORMULATION.md §5).
 *
 * @param objective the objective it proves
 * @param method what produced the potentials (e.g. {@code "dp labels"}, {@code "GLOP duals"})
 * @param facets the facets (at least one)
 * @param nodes what the potentials are attached to: unit positions, or (weight prefetch) candidates
 */
public record DualCertificate(Objective objective, String method, List<Facet> facets, Nodes nodes) {
  /** What the potentials are attached to. */
  public enum Nodes {
    /** Unit positions {@code 0..U}: the path model of §4-§5, each candidate an arc {@code i -> j+1}. */
    UNITS,
    /**
     * With weight prefetch (§9), where a partition's cost depends on its neighbours: the source, every candidate (in
     * {@code PairCost.forEachCandidate}'s order), then the sink; each pair of consecutive candidates is an arc.
     */
    CANDIDATES;

    /** The JSON name ({@code "units"}, {@code "candidates"}). */
    public String json() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public DualCertificate {
    facets = List.copyOf(facets);
    if (facets.isEmpty()) throw new IllegalArgumentException("a certificate needs at least one facet");
    java.util.Objects.requireNonNull(nodes, "nodes");
  }

  /** A certificate over unit positions. */
  public DualCertificate(Objective objective, String method, List<Facet> facets) {
    this(objective, method, facets, Nodes.UNITS);
  }

  /** The weights {@code (alpha, beta)} of an additive objective's facet. */
  public static double[] weights(Objective objective) {
    return switch (objective.kind()) {
      case LATENCY -> new double[] {1, 0};
      case ENERGY -> new double[] {0, 1};
      case WEIGHTED -> new double[] {objective.lambda(), 1};
      case EDP -> throw new IllegalArgumentException("EDP is not additive");
    };
  }
}
