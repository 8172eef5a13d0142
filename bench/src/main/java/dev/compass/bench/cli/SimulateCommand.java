package dev.compass.bench.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PartitionCost;
import dev.compass.costmodel.PlanCost;
import dev.compass.formulation.InputException;
import dev.compass.formulation.io.Json;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.plan.PartitionPlan;
import dev.compass.pimsim.PimSim;
import dev.compass.pimsim.program.Program;
import dev.compass.pimsim.sim.PartitionResult;
import dev.compass.pimsim.sim.ScheduleBound;
import dev.compass.pimsim.sim.SimOptions;
import dev.compass.pimsim.sim.SimResult;
import dev.compass.pimsim.sim.SimResultJson;
import dev.compass.pimsim.trace.Trace;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code compass simulate}: compile a plan and run the event-driven simulator over a batch, beside
 * the cost model's numbers for the same plan (deviation = simulator / model - 1).
 *
 * <p>JSON ({@code --json}): the simulator's result ({@link SimResultJson}: {@code latencySeconds},
 * {@code energyJoules}, {@code dynamicEnergyJoules}, {@code partitions[]}, ... as {@code evaluate}
 * names them) plus {@code model}, {@code objective}, {@code objectiveValue}, and {@code costModel}
 * (the cost model's {@code latencySeconds}, {@code energyJoules}, {@code dynamicEnergyJoules},
 * {@code staticEnergyJoules} and per partition {@code latencySeconds}, {@code dynamicEnergyJoules})
 * with {@code latencyDeviation} and {@code dynamicEnergyDeviation}, and {@code scheduleBound}: the
 * lower bound on any execution of the program ({@link ScheduleBound}; {@code latencySeconds},
 * {@code modelDeviation} = bound / model - 1, per partition {@code latencySeconds},
 * {@code weightSeconds}, {@code computeSeconds}, {@code binding}).
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Simulate a plan file with the event-driven simulator (pimsim) and compare it with the cost model.")
final class SimulateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ModelOption model;
  @Mixin HardwareOption hw;
  @Mixin ProblemOptions problem;

  @Mixin PlanOption plan;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Option(names = "--trace", paramLabel = "FILE",
      description = "Write the timeline in Chrome's trace-event format (opens in Perfetto): a track per core, DRAM, vector unit.")
  Path trace;

  @Option(names = "--segments", paramLabel = "K", defaultValue = "" + SimOptions.DEFAULT_SEGMENTS,
      description = "Event granularity: segments per (image, stage) and chunks per load (default: ${DEFAULT-VALUE}; see docs/pimsim.md).")
  int segments = SimOptions.DEFAULT_SEGMENTS;

  @Option(names = "--ports-per-core", description = "Write ports belong to cores (placement matters) instead of a chip-wide pool.")
  boolean portsPerCore;

  @Option(names = "--vector-unit-per-stage",
      description = "Diagnostic: give every stage a vector unit of its own at the full vecMacRate (the cost model's assumption) instead of the chip's one.")
  boolean vectorUnitPerStage;

  @Override
  public Integer call() {
    OutputFiles.checkWritable("--trace", trace);
    int batch = problem.batch();
    Objective objective = problem.objective();
    CostModel m = CostModel.of(model.network(), hw.hardware(), batch);
    PartitionPlan p = plan.read();
    Program prog = plan.located(() -> PimSim.compile(m.mapping(), p));
    SimOptions options;
    try {
      options = new SimOptions(segments, portsPerCore, vectorUnitPerStage);
    } catch (InputException e) {
      throw new InputException("--segments", e.problem(), e);
    }
    Trace t = trace == null ? null : new Trace();
    SimResult r = plan.located(() -> t == null ? PimSim.simulate(prog, batch, options) : PimSim.simulate(prog, batch, options, t));
    PlanCost c = plan.located(() -> m.evaluate(p));
    ScheduleBound.Bound bound = PimSim.lowerBound(prog, batch);
    ObjectNode doc = json(r, c, bound, objective);
    FiniteResults.require(doc, model.spec() + " on " + m.hardware().name());
    if (t != null) new OutputFiles().add("--trace", trace, t.toJson()).commit();
    PrintWriter o = spec.commandLine().getOut();
    if (json) {
      o.print(Json.toJson(doc));
      o.flush();
      return 0;
    }
    print(o, m, r, c, bound, objective);
    if (trace != null) o.println("wrote " + trace);
    o.flush();
    return 0;
  }

  ObjectNode json(SimResult r, PlanCost c, ScheduleBound.Bound bound, Objective objective) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("model", model.spec());
    root.put("objective", objective.toString());
    root.put("objectiveValue", objective.value(r.latencySeconds(), r.energyJoules()));
    root.setAll(SimResultJson.node(r));
    ObjectNode cm = root.putObject("costModel");
    cm.put("latencySeconds", c.latencySeconds());
    cm.put("energyJoules", c.energyJoules());
    cm.put("dynamicEnergyJoules", c.dynamicEnergy());
    cm.put("staticEnergyJoules", c.staticEnergy());
    cm.put("objectiveValue", c.value(objective));
    var parts = cm.putArray("partitions");
    for (PartitionCost pc : c.partitions()) {
      ObjectNode n = parts.addObject();
      n.put("firstUnit", pc.firstUnit());
      n.put("lastUnit", pc.lastUnit());
      n.put("latencySeconds", pc.latencySeconds());
      n.put("dynamicEnergyJoules", pc.dynamicEnergy());
    }
    root.put("latencyDeviation", r.latencySeconds() / c.latencySeconds() - 1);
    root.put("dynamicEnergyDeviation", r.dynamicEnergyJoules() / c.dynamicEnergy() - 1);
    ObjectNode sb = root.putObject("scheduleBound");
    sb.put("latencySeconds", bound.latencySeconds());
    sb.put("modelDeviation", bound.latencySeconds() / c.latencySeconds() - 1);
    var bparts = sb.putArray("partitions");
    for (ScheduleBound.PartitionBound pb : bound.partitions()) {
      ObjectNode n = bparts.addObject();
      n.put("latencySeconds", pb.latencySeconds());
      n.put("weightSeconds", pb.weightSeconds());
      n.put("computeSeconds", pb.computeSeconds());
      n.put("binding", pb.binding().name());
    }
    return root;
  }

  void print(PrintWriter o, CostModel m, SimResult r, PlanCost c, ScheduleBound.Bound bound, Objective objective) {
    o.printf(Locale.ROOT, "%s on %s, batch %d, %d partitions: simulated (%d events) beside the cost model%n",
        model.spec(), m.hardware().name(), m.batch(), r.partitions().size(), r.events());
    Table s = new Table("", ">simulator", ">cost model", ">deviation");
    s.row("latency s", g(r.latencySeconds()), g(c.latencySeconds()), pct(r.latencySeconds(), c.latencySeconds()));
    s.row("throughput images/s", g(r.throughput()), g(c.throughput()), pct(r.throughput(), c.throughput()));
    s.row("energy J", g(r.energyJoules()), g(c.energyJoules()), pct(r.energyJoules(), c.energyJoules()));
    s.row("dynamic energy J", g(r.dynamicEnergyJoules()), g(c.dynamicEnergy()), pct(r.dynamicEnergyJoules(), c.dynamicEnergy()));
    s.row("static energy J", g(r.energy().staticEnergy()), g(c.staticEnergy()), pct(r.energy().staticEnergy(), c.staticEnergy()));
    s.row("objective " + objective, g(objective.value(r.latencySeconds(), r.energyJoules())), g(c.value(objective)),
        pct(objective.value(r.latencySeconds(), r.energyJoules()), c.value(objective)));
    s.print(o);
    o.printf(Locale.ROOT, "array utilization %.1f%%  DRAM bytes %,.0f (busy %.4g s)%n", 100 * r.arrayUtilization(), r.dramBytes(),
        r.dramBusySeconds());
    double lb = bound.latencySeconds();
    o.printf(Locale.ROOT, "lower bound on any execution %.4g s (%s of the model)%s%n", lb, pct(lb, c.latencySeconds()),
        lb > c.latencySeconds() * (1 + 1e-9)
            ? ": no schedule reaches the model's latency here (see the partitions' binding and docs/pimsim.md)"
            : "");
    Table t = new Table(">#", ">units", "stages", ">latency s", ">model s", ">dev", ">write s", ">model", ">compute s", ">model",
        ">dyn energy J", ">model", ">util", ">bound s", "binding");
    for (int k = 0; k < r.partitions().size(); k++) {
      PartitionResult pr = r.partitions().get(k);
      PartitionCost pc = c.partitions().get(k);
      String first = m.stageName(m.unitStage(pr.firstUnit()));
      String last = m.stageName(m.unitStage(pr.lastUnit()));
      t.row(k, pr.firstUnit() + ".." + pr.lastUnit(), first.equals(last) ? first : first + " .. " + last,
          g(pr.latencySeconds()), g(pc.latencySeconds()), pct(pr.latencySeconds(), pc.latencySeconds()),
          g(pr.writeSeconds()), g(pc.writeSeconds()), g(pr.computeSeconds()), g(pc.latencySeconds() - pc.writeSeconds()),
          g(pr.dynamicEnergyJoules()), g(pc.dynamicEnergy()),
          String.format(Locale.ROOT, "%.1f%%", 100 * pr.arrayBusySeconds() / (m.hardware().arrays() * pr.latencySeconds())),
          g(bound.partitions().get(k).latencySeconds()), binding(bound.partitions().get(k).binding()));
    }
    t.print(o);
  }

  private static String binding(ScheduleBound.Binding b) {
    return switch (b) {
      case PIPELINE -> "pipeline";
      case LOADS_BEFORE_COMPUTE -> "loads before compute";
      case DRAM -> "DRAM";
      case VECTOR_UNIT -> "vector unit";
    };
  }

  private static String g(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }

  private static String pct(double sim, double model) {
    return String.format(Locale.ROOT, "%+.2f%%", 100 * (sim / model - 1));
  }
}
