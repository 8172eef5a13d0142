package dev.compass.bench.workbench;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PartitionCost;
import dev.compass.costmodel.PlanCost;
import dev.compass.formulation.plan.Partition;
import dev.compass.formulation.plan.PartitionPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plan as one CSV cell: partitions separated by spaces, each {@code first-last:d1.d2...} with the
 * replication of the partition's stages in stage order (the stages of units {@code first..last} are
 * the consecutive stages {@code unitStage(first)..unitStage(last)}). Example: {@code 0-3:2.1 4-9:1}.
 */
public final class PlanCodec {
  private PlanCodec() {}

  /** The compact form of a plan's partitions and replication. */
  public static String encode(CostModel m, PlanCost cost) {
    StringBuilder b = new StringBuilder();
    for (PartitionCost p : cost.partitions()) {
      if (b.length() > 0) b.append(' ');
      b.append(p.firstUnit()).append('-').append(p.lastUnit()).append(':');
      int s0 = m.unitStage(p.firstUnit());
      int s1 = m.unitStage(p.lastUnit());
      for (int s = s0; s <= s1; s++) {
        if (s > s0) b.append('.');
        b.append(p.replication().getOrDefault(m.stageName(s), 1));
      }
    }
    return b.toString();
  }

  /** The plan that {@link #encode} wrote, for the same model's units and stages. */
  public static PartitionPlan decode(CostModel m, String text) {
    List<Partition> parts = new ArrayList<>();
    for (String tok : text.trim().split("\\s+")) {
      int colon = tok.indexOf(':');
      int dash = tok.indexOf('-');
      if (colon < 0 || dash < 0 || dash > colon) throw new IllegalArgumentException("bad partition '" + tok + "' in plan '" + text + "'");
      int first = Integer.parseInt(tok.substring(0, dash));
      int last = Integer.parseInt(tok.substring(dash + 1, colon));
      if (first < 0 || last < first || last >= m.units()) throw new IllegalArgumentException("partition '" + tok + "' is outside units 0.." + (m.units() - 1));
      String[] ds = tok.substring(colon + 1).split("\\.");
      int s0 = m.unitStage(first);
      int s1 = m.unitStage(last);
      if (ds.length != s1 - s0 + 1) throw new IllegalArgumentException("partition '" + tok + "' holds " + (s1 - s0 + 1) + " stages, not " + ds.length);
      Map<String, Integer> rep = new LinkedHashMap<>();
      for (int s = s0; s <= s1; s++) rep.put(m.stageName(s), Integer.parseInt(ds[s - s0]));
      parts.add(new Partition(first, last, rep));
    }
    return new PartitionPlan(parts);
  }
}
