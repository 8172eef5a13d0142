package dev.compass.costmodel;

import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.plan.Partition;
import dev.compass.formulation.plan.PartitionPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * The cost of a whole plan (FORMULATION.md §5): {@code T = sum_p T(p)}, {@code E} = the sum of the
 * partitions' energies, throughput {@code B/T}, {@code EDP = E*T}.
 *
 * <p>On a chip with weight prefetch (FORMULATION.md §9) {@code prefetch} holds each partition's pair
 * terms ({@link PairCost}), and each partition's {@link PartitionCost#latencySeconds()} is its share
 * {@code W(p | prev) + C(p | next)} of {@code T}; without prefetch the list is empty.
 */
public record PlanCost(int batch, List<PartitionCost> partitions, double latencySeconds, double energyJoules,
    List<PrefetchTerms> prefetch) {

  public PlanCost {
    partitions = List.copyOf(partitions);
    prefetch = List.copyOf(prefetch);
    if (!prefetch.isEmpty() && prefetch.size() != partitions.size()) {
      throw new IllegalArgumentException(prefetch.size() + " prefetch terms for " + partitions.size() + " partitions");
    }
  }

  /** A plan cost without weight prefetch. */
  public PlanCost(int batch, List<PartitionCost> partitions, double latencySeconds, double energyJoules) {
    this(batch, partitions, latencySeconds, energyJoules, List.of());
  }

  /** True if the cost is under weight prefetch (FORMULATION.md §9). */
  public boolean prefetched() {
    return !prefetch.isEmpty();
  }

  /** The plan cost of these partitions' costs (sums of their latencies and energies). */
  public static PlanCost of(int batch, List<PartitionCost> parts) {
    double t = 0;
    double e = 0;
    for (PartitionCost p : parts) {
      t += p.latencySeconds();
      e += p.energyJoules();
    }
    return new PlanCost(batch, parts, t, e);
  }

  public double edp() {
    return energyJoules * latencySeconds;
  }

  /** Images per second, {@code B / T}. */
  public double throughput() {
    return batch / latencySeconds;
  }

  public double value(Objective objective) {
    return objective.value(latencySeconds, energyJoules);
  }

  public double staticEnergy() {
    double s = 0;
    for (PartitionCost p : partitions) s += p.staticEnergy();
    return s;
  }

  public double dynamicEnergy() {
    return energyJoules - staticEnergy();
  }

  /** The plan this cost describes (unit ranges and replication). */
  public PartitionPlan plan() {
    List<Partition> ps = new ArrayList<>();
    for (PartitionCost p : partitions) ps.add(new Partition(p.firstUnit(), p.lastUnit(), p.replication()));
    return new PartitionPlan(ps);
  }
}
