package dev.compass.bench.cli;

import dev.compass.bench.report.ResultJson;
import dev.compass.costmodel.CostModel;
import dev.compass.costmodel.PlanCost;
import dev.compass.formulation.io.Json;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.plan.PartitionPlan;
import dev.compass.solvers.Certificate;
import dev.compass.solvers.Certifier;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code compass evaluate}: the cost of a given plan (any replication vector). */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Evaluate a plan file (partitions with firstUnit, lastUnit, replication) with the cost model.")
final class EvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ModelOption model;
  @Mixin HardwareOption hw;
  @Mixin ProblemOptions problem;

  @Mixin PlanOption plan;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Override
  public Integer call() {
    CostModel m = CostModel.of(model.network(), hw.hardware(), problem.batch());
    Objective objective = problem.objective();
    PartitionPlan p = plan.read();
    PlanCost cost = plan.located(() -> m.evaluate(p));
    List<String> problems = Certifier.check(m.mapping(), p);
    Certificate cert = new Certificate(false, cost.value(objective), Double.NEGATIVE_INFINITY, "evaluate", true, problems);
    var doc = ResultJson.evaluate(model.spec(), m, objective, cost, cert);
    FiniteResults.require(doc, model.spec() + " on " + m.hardware().name());
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.print(Json.toJson(doc));
      out.flush();
      return 0;
    }
    out.printf(Locale.ROOT, "%s on %s, batch %d: objective %s = %.6g%n", model.spec(), m.hardware().name(), m.batch(), objective, cost.value(objective));
    if (!problems.isEmpty()) {
      out.println("note: feasible, but not in the least-replication plan space of FORMULATION.md §4:");
      for (String s : problems) out.println("  " + s);
    }
    PlanPrinter.print(out, m, cost);
    return 0;
  }
}
