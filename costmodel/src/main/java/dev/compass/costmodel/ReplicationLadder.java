package dev.compass.costmodel;

import dev.compass.formulation.graph.Stage;
import dev.compass.formulation.hardware.HardwareSpec;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * The replication choices of one stage and the least replication meeting a bottleneck target
 * (FORMULATION.md §4): the one place that knows the stage time and the tolerance rule.
 *
 * <pre>
 *   t(d)          = ceil(P/d) * mvmSeconds + attentionSeconds
 *   meets(t, tau) : t &lt;= tau * (1 + TOLERANCE)
 *   leastFor(tau) = min { d in 1..P : meets(t(d), tau) }
 * </pre>
 *
 * <p>The <em>rungs</em> are the replications that are least for some target: with
 * {@code K = ceil(P/d)} MVMs per replica, the least {@code d} giving {@code K} is {@code ceil(P/K)}, and
 * the next rung (the least {@code d} strictly faster) is {@code ceil(P/(K-1))}. Every solver that needs
 * a stage time, a least replication or a ladder of levels asks this type.
 *
 * @param mvms {@code P}, MVMs per image
 * @param mvmSeconds {@code steps * tStep}
 * @param attentionSeconds {@code v}, the stage's attention time per image (replicas do not divide it)
 */
public record ReplicationLadder(long mvms, double mvmSeconds, double attentionSeconds) {
  /**
   * The cost model's one relative tolerance: two of its times or values within it of each other are
   * equal (the same sum added in another order differs in the last bits, about {@code n} ulps, far
   * below it). Target comparisons use it (a stage time within it meets the target); so do the
   * solvers' tie-breaks between plan values ({@code PairDp}) and FORMULATION.md §8 rule 10's EDP hull
   * test ({@code SupportedPointSearch.TOLERANCE}), which compare the same model's values.
   */
  public static final double TOLERANCE = 1e-12;

  public ReplicationLadder {
    if (mvms < 1) throw new IllegalArgumentException("P must be >= 1, got " + mvms);
  }

  /** The ladder of a stage on a chip: {@code P_s}, {@code steps*tStep}, {@code attentionMacs/vecMacRate}. */
  public static ReplicationLadder of(Stage stage, HardwareSpec hw) {
    return new ReplicationLadder(stage.mvmsPerImage(), hw.mvmTime(), stage.attentionMacs() / hw.vecMacRate());
  }

  /** {@code ceil(P/d)}, the MVMs one replica does per image. */
  public long mvmsPerReplica(long d) {
    return (mvms + d - 1) / d;
  }

  /** {@code t(d) = ceil(P/d) * mvmSeconds + attentionSeconds}. */
  public double time(long d) {
    return timeOfMvms(mvmsPerReplica(d));
  }

  /**
   * {@code K * mvmSeconds + attentionSeconds}: the stage time of a replica doing {@code K} MVMs per image
   * ({@link #time} for {@code K = ceil(P/d)}, for a caller that already holds {@code K}).
   */
  public double timeOfMvms(long k) {
    return k * mvmSeconds + attentionSeconds;
  }

  /** True if a stage time {@code t} meets target {@code tau}: {@code t <= tau * (1 + TOLERANCE)}. */
  public static boolean meets(double t, double tau) {
    return t <= tau * (1 + TOLERANCE);
  }

  /** True if {@code t} is at target {@code tau} (not strictly below it): {@code t >= tau * (1 - TOLERANCE)}. */
  public static boolean atTarget(double t, double tau) {
    return t >= tau * (1 - TOLERANCE);
  }

  /** The least {@code d} meeting {@code tau}, or empty if even {@code d = P} does not. */
  public OptionalInt leastFor(double tau) {
    double limit = tau * (1 + TOLERANCE);
    if (!(limit - attentionSeconds >= mvmSeconds)) return OptionalInt.empty();
    // the largest K with K * mvm + v <= limit, exactly in doubles
    long k = (long) Math.min(mvms, Math.floor((limit - attentionSeconds) / mvmSeconds));
    while (k >= 1 && timeOfMvms(k) > limit) k--;
    while (k < mvms && timeOfMvms(k + 1) <= limit) k++;
    if (k < 1) return OptionalInt.empty();
    long d = (mvms + k - 1) / k;
    return OptionalInt.of((int) d);
  }

  /** True if {@code d} is the least replication meeting {@code tau}: it meets it and {@code d - 1} does not. */
  public boolean isLeastFor(long d, double tau) {
    return meets(time(d), tau) && (d == 1 || !meets(time(d - 1), tau));
  }

  /** The next rung: the least {@code d' > d} with fewer MVMs per replica, or 0 if {@code ceil(P/d) = 1}. */
  public long next(long d) {
    long k = mvmsPerReplica(d);
    return k <= 1 ? 0 : nextFromMvms(k);
  }

  /**
   * The next rung from a replica's MVM count {@code K = ceil(P/d) > 1}: {@code ceil(P/(K-1))}, the least
   * {@code d'} with {@code ceil(P/d') <= K-1} ({@link #next} for a caller that already holds {@code K}).
   */
  public long nextFromMvms(long k) {
    return (mvms + k - 2) / (k - 1);
  }

  /** The rungs {@code 1 = d_0 < d_1 < ...} up to {@code dmax} (each the least d of its MVM count). */
  public long[] rungs(long dmax) {
    long[] out = new long[8];
    int n = 0;
    for (long d = 1; d >= 1 && d <= Math.min(dmax, mvms); d = next(d)) {
      if (n == out.length) out = Arrays.copyOf(out, 2 * n);
      out[n++] = d;
    }
    return Arrays.copyOf(out, n);
  }
}
