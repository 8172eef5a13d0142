package dev.compass.bench.cli;

import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PartitionCost;
import dev.compass.costmodel.PlanCost;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/** The human-readable view of a plan's cost: a summary line and a table of partitions. */
final class PlanPrinter {
  private PlanPrinter() {}

  static void print(PrintWriter out, CostModel m, PlanCost c) {
    out.printf(Locale.ROOT, "latency %.6g s  throughput %.6g images/s  energy %.6g J  EDP %.6g J*s  partitions %d%n",
        c.latencySeconds(), c.throughput(), c.energyJoules(), c.edp(), c.partitions().size());
    Table t = new Table(">#", ">units", "stages", ">latency s", ">write s", ">compute s", ">fill s", ">tau s", ">V s", "binding load", ">energy J", ">weight B", ">io B", ">rows", ">arrays", "replication");
    int k = 0;
    for (PartitionCost p : c.partitions()) {
      String first = m.stageName(m.unitStage(p.firstUnit()));
      String last = m.stageName(m.unitStage(p.lastUnit()));
      t.row(k++, p.firstUnit() + ".." + p.lastUnit(), first.equals(last) ? first : first + " .. " + last,
          g(p.latencySeconds()), g(p.writeSeconds()), g(p.computeSeconds()), g(p.fillSeconds()), g(p.bottleneckSeconds()), g(p.vectorSeconds()),
          p.bindingLoad().map(b -> b.stage() + " " + g(b.seconds()) + " s").orElse("-"), g(p.energyJoules()),
          String.format(Locale.ROOT, "%,.0f", p.weightBytes()), String.format(Locale.ROOT, "%,.0f", p.ioBytes()),
          p.rowsWritten(), p.arraysUsed(), replication(p.replication()));
    }
    t.print(out);
  }

  private static String g(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }

  private static String replication(Map<String, Integer> r) {
    StringBuilder b = new StringBuilder();
    for (var e : r.entrySet()) {
      if (e.getValue() == 1) continue;
      if (b.length() > 0) b.append(' ');
      b.append(e.getKey()).append('x').append(e.getValue());
    }
    return b.length() == 0 ? "-" : b.toString();
  }
}
