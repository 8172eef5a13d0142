package dev.compass.bench.cli;

import dev.compass.bench.report.ResultJson;
import dev.compass.costmodel.CostModel;
import dev.compass.formulation.InputException;
import dev.compass.formulation.io.AtomicFiles;
import dev.compass.formulation.io.Json;
import dev.compass.formulation.plan.Objective;
import dev.compass.solvers.PartitionSolver;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.Solvers;
import dev.compass.solvers.certificate.CertificateJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code compass partition}: solve for a plan. */
@Command(name = "partition", mixinStandardHelpOptions = true,
    description = "Partition a network onto a chip with a solver and print the plan and its cost.")
final class PartitionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ModelOption model;
  @Mixin HardwareOption hw;
  @Mixin ProblemOptions problem;
  @Mixin SolverFlags flags;

  @Option(names = "--solver", paramLabel = "NAME", defaultValue = "dp",
      description = "dp (exact), greedy, layerwise, genetic, lp-path, ilp-path, ilp-path-scip, ilp-compact, cp, cp-compact, brute (default: ${DEFAULT-VALUE}).")
  String solver = "dp";

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Option(names = "--out", paramLabel = "FILE", description = "Also write the result JSON to FILE (a plan file that 'evaluate' accepts).")
  Path out;

  @Option(names = "--certificate", paramLabel = "FILE",
      description = "Also write the optimality certificate (potentials that 'verify' checks) to FILE; fails (exit 1) if the solver proved none.")
  Path certificate;

  @Override
  public Integer call() {
    if (!Solvers.names().contains(solver)) {
      throw new InputException("--solver", "unknown solver '" + solver + "'; solvers: " + String.join(", ", Solvers.names()));
    }
    PartitionSolver s = Solvers.get(solver);
    Objective objective = problem.objective();
    CostModel m = CostModel.of(model.network(), hw.hardware(), problem.batch());
    PrintWriter err = spec.commandLine().getErr();
    SolverOptions options = flags.options(err, model.spec() + "/" + m.hardware().name());
    SolverResult r = flags.configure(s).solve(m, objective, options);
    var doc = ResultJson.partition(model.spec(), m, r);
    if (out != null) AtomicFiles.write(out, Json.toJson(doc));
    flags.writeTrace(r);
    PrintWriter o = spec.commandLine().getOut();
    boolean certified = writeCertificate(r, err);
    if (json) {
      o.print(Json.toJson(doc));
      o.flush();
      return r.cost().isPresent() && certified ? 0 : 1;
    }
    o.printf(Locale.ROOT, "%s on %s, batch %d, objective %s, solver %s: %s in %.3f s%n", model.spec(), m.hardware().name(),
        m.batch(), objective, r.solver(), r.status(), r.solveSeconds());
    if (r.cost().isEmpty()) {
      o.println("no plan found");
      o.flush();
      return 1;
    }
    o.printf(Locale.ROOT, "objective %.6g (lower bound %s, %s)%n", r.objectiveValue(),
        Double.isFinite(r.lowerBound()) ? String.format(Locale.ROOT, "%.6g", r.lowerBound()) : "none",
        r.certificate().map(c -> c.optimal() ? "certified optimal: " + c.method() : "not proven optimal").orElse("no certificate"));
    PlanPrinter.print(o, m, r.cost().get());
    if (out != null) o.println("wrote " + out);
    if (certificate != null && certified) o.println("wrote certificate " + certificate);
    o.flush();
    return certified ? 0 : 1;
  }

  /** Writes the certificate if asked; false (after one line on stderr) if asked and the solver proved none. */
  private boolean writeCertificate(SolverResult r, PrintWriter err) {
    if (certificate == null) return true;
    var dual = r.certificate().flatMap(c -> c.dual());
    if (dual.isEmpty()) {
      err.println("compass: no certificate written to " + certificate + ": " + r.solver() + " ended " + r.status()
          + (r.status() == dev.compass.solvers.Status.OPTIMAL ? " but produces no potentials" : " without a proof of optimality"));
      err.flush();
      return false;
    }
    AtomicFiles.write(certificate, Json.toJson(CertificateJson.toJson(dual.get(), r.objectiveValue(), r.lowerBound())));
    return true;
  }
}
