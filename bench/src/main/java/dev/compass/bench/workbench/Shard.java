package dev.compass.bench.workbench;

import dev.compass.formulation.InputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shard {@code k} of {@code n} ({@code 1 <= k <= n}) of a grid's cells. The cells are put in a fixed
 * pseudo-random order, by the SHA-256 digest of their key ({@link Cell#key()}, ties by the key), and
 * dealt round-robin: the cell of rank {@code r} in that order goes to shard {@code (r mod n) + 1}.
 * The split depends only on the set of cells (not on the order the options name them), so {@code n}
 * jobs given the same grid and {@code --shard 1/n ... n/n} solve every cell exactly once; the
 * shards' sizes differ by at most one, and the hashing mixes the solvers and instances across the
 * shards (dealing the grid order round-robin would give all of one solver's cells to one shard
 * whenever {@code n} divides the number of solvers).
 *
 * @param k this shard, 1-based
 * @param n number of shards
 */
public record Shard(int k, int n) {
  /** The whole grid. */
  public static final Shard ALL = new Shard(1, 1);

  public Shard {
    if (n < 1 || k < 1 || k > n) throw new IllegalArgumentException("shard must be K/N with 1 <= K <= N, got " + k + "/" + n);
  }

  /** Parses {@code K/N}; {@code where} names the option in the error. */
  public static Shard parse(String text, String where) {
    String t = text.trim();
    int slash = t.indexOf('/');
    try {
      if (slash > 0) {
        int k = Integer.parseInt(t.substring(0, slash).trim());
        int n = Integer.parseInt(t.substring(slash + 1).trim());
        if (n >= 1 && k >= 1 && k <= n) return new Shard(k, n);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InputException(where, "'" + text + "' is not a shard; give K/N with 1 <= K <= N, e.g. 2/8");
  }

  /** This shard's cells of {@code cells}, in the order of {@code cells}. */
  public List<Cell> select(List<Cell> cells) {
    Map<String, String> digests = new HashMap<>();
    for (Cell c : cells) digests.computeIfAbsent(c.key(), Shard::digest);
    List<String> ranked = digests.keySet().stream()
        .sorted(Comparator.comparing((String key) -> digests.get(key)).thenComparing(Comparator.naturalOrder())).toList();
    Set<String> mine = new HashSet<>();
    for (int r = k - 1; r < ranked.size(); r += n) mine.add(ranked.get(r));
    List<Cell> out = new ArrayList<>();
    for (Cell c : cells) if (mine.contains(c.key())) out.add(c);
    return List.copyOf(out);
  }

  /** The SHA-256 digest of a key, as lower-case hex (so that string order is the digest's order). */
  static String digest(String key) {
    try {
      return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return k + "/" + n;
  }
}
