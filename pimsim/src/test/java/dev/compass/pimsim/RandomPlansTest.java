package dev.compass.pimsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.compass.formulation.graph.Stage;
import dev.compass.formulation.hardware.Allocation;
import dev.compass.formulation.mapping.Mapping;
import dev.compass.formulation.plan.Partition;
import dev.compass.formulation.plan.PartitionPlan;
import dev.compass.pimsim.program.Program;
import dev.compass.pimsim.sim.PartitionResult;
import dev.compass.pimsim.sim.SimResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Random feasible plans (random valid cuts, random replication within capacity) of ResNet-50: the
 * simulator accepts each, its counts equal the model's rules, and its latency obeys the suites'
 * latency rule against the model's version-2 formula ({@link ModelRules#checkLatency}). Seeds are jqwik's (reported on failure).
 */
class RandomPlansTest {

  @Property(tries = 25, seed = "20250601")
  void randomFeasiblePlans(@ForAll long seed, @ForAll @IntRange(min = 0, max = 3) int which) {
    String preset = List.of("compass-s", "compass-m", "compass-l", "compass-m").get(which);
    Mapping m = Resnets.map(Resnets.resnet50(), preset);
    if (which == 3) {
      m = Mapping.of(m.graph(), m.hardware().withAllocation(Allocation.CORE));
    }
    PartitionPlan plan = randomPlan(m, new Random(seed));
    int b = new Random(seed).nextBoolean() ? 1 : 16;
    Program prog = PimSim.compile(m, plan);
    SimResult r = PimSim.simulate(prog, b);
    double modelT = 0;
    for (int p = 0; p < plan.size(); p++) {
      ModelRules mr = ModelRules.of(m, plan, p);
      PartitionResult pr = r.partitions().get(p);
      assertThat(pr.rowsWritten()).isEqualTo(mr.rows);
      assertThat(pr.weightBytes()).isCloseTo(mr.weightBytes, within(1e-6));
      assertThat(pr.ioBytes()).isCloseTo(b * mr.ioBytesPerImage, within(1e-9 * b * mr.ioBytesPerImage + 1e-9));
      modelT += mr.latency(b, m.hardware());
    }
    long steps = 0;
    for (Stage s : m.graph().stages()) steps += s.mvmsPerImage() * m.hardware().steps() * m.stage(s.index()).arrays();
    assertThat(r.energy().compute()).isCloseTo(b * steps * m.hardware().eStep(), within(1e-9 * b * steps * m.hardware().eStep()));
    ModelRules.checkLatency(String.format("%s B=%d, %d partitions, plan %s", m.hardware().name(), b, plan.size(), plan),
        modelT, r.latencySeconds(), PimSim.lowerBound(prog, b));
  }

  /** Random cuts where each range fits at d = 1, then random extra replicas while capacity holds. */
  static PartitionPlan randomPlan(Mapping m, Random rnd) {
    List<Partition> parts = new ArrayList<>();
    int first = 0;
    while (first < m.units()) {
      int max = first;
      while (max + 1 < m.units() && Resnets.fits(m, first, max + 1, Map.of())) max++;
      int last = first + rnd.nextInt(max - first + 1);
      Map<String, Integer> d = new LinkedHashMap<>();
      List<String> names = new ArrayList<>();
      for (int u = first; u <= last; u++) {
        String n = m.graph().stage(m.unitStage(u)).name();
        if (!names.contains(n)) names.add(n);
      }
      for (int tries = 0; tries < 20; tries++) {
        String n = names.get(rnd.nextInt(names.size()));
        long pp = m.graph().stages().stream().filter(s -> s.name().equals(n)).findFirst().orElseThrow().mvmsPerImage();
        int next = Math.min((int) pp, d.getOrDefault(n, 1) * 2);
        Map<String, Integer> more = new LinkedHashMap<>(d);
        more.put(n, next);
        if (Resnets.fits(m, first, last, more)) d = more;
      }
      parts.add(new Partition(first, last, d));
      first = last + 1;
    }
    return new PartitionPlan(parts);
  }
}
