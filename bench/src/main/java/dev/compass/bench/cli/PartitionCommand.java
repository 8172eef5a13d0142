package dev.compass.bench.cli;

import dev.compass.bench.report.ResultJson;
import dev.compass.costmodel.CostModel;
import dev.compass.formulation.InputException;
import dev.compass.formulation.io.Json;
import dev.compass.formulation.plan.Objective;
import dev.compass.solvers.PartitionSolver;
import dev.compass.solvers.SolverOptions;
import dev.compass.solvers.SolverResult;
import dev.compass.solvers.Solvers;
import dev.compass.solvers.Status;
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
      description = "Also write the optimality certificate (potentials that 'verify' checks) to FILE; fails (exit 4, no file written) if the solver proved none.")
  Path certificate;

  /** Problems with at least this many units say on stderr what they are doing (unless --quiet). */
  static final int BIG_UNITS = 1_000_000;

  @Override
  public Integer call() {
    if (!Solvers.names().contains(solver)) {
      throw new InputException("--solver", "unknown solver '" + solver + "'; solvers: " + String.join(", ", Solvers.names()));
    }
    PartitionSolver s = flags.configure(Solvers.get(solver));
    OutputFiles.checkWritable("--out", out);
    OutputFiles.checkWritable("--certificate", certificate);
    flags.checkTrace(s);
    Objective objective = problem.objective();
    CostModel m = CostModel.of(model.network(), hw.hardware(), problem.batch());
    PrintWriter err = spec.commandLine().getErr();
    String instance = model.spec() + " on " + m.hardware().name();
    SolverOptions options = flags.options(err, model.spec() + "/" + m.hardware().name());
    boolean big = !flags.quiet && m.units() >= BIG_UNITS;
    if (big) {
      err.printf(Locale.ROOT, "[%s %s] %,d units; solving with %s%n", s.name(), instance, m.units(), s.name());
      err.flush();
    }
    SolverResult r = s.solve(m, objective, options);
    if (big) {
      err.printf(Locale.ROOT, "[%s %s] solved in %.1f s: %s, %,d partitions; writing the result%n", s.name(), instance,
          r.solveSeconds(), r.status(), r.cost().map(c -> c.partitions().size()).orElse(0));
      err.flush();
    }
    PrintWriter o = spec.commandLine().getOut();
    if (r.cost().isEmpty()) return noPlan(o, err, m, r, ResultJson.partition(model.spec(), m, r));
    FiniteResults.require(r.cost().get(), instance);
    // the JSON tree takes a few kB per partition: build it only when it is written
    var doc = json || out != null ? ResultJson.partition(model.spec(), m, r) : null;
    if (doc != null) FiniteResults.require(doc, instance);
    OutputFiles files = new OutputFiles();
    if (out != null) files.add("--out", out, Json.toJson(doc));
    flags.addTrace(files, r);
    if (!addCertificate(files, r, err)) return Main.EXIT_NO_PLAN;
    files.commit();
    if (json) {
      o.print(Json.toJson(doc));
      o.flush();
      return Main.EXIT_OK;
    }
    printHeader(o, m, objective, r);
    o.printf(Locale.ROOT, "objective %.6g (lower bound %s, %s)%n", r.objectiveValue(),
        Double.isFinite(r.lowerBound()) ? String.format(Locale.ROOT, "%.6g", r.lowerBound()) : "none",
        r.certificate().map(c -> c.optimal() ? "certified optimal: " + c.method() : "not proven optimal").orElse("no certificate"));
    PlanPrinter.print(o, m, r.cost().get());
    if (out != null) o.println("wrote " + out);
    if (flags.trace != null) o.println("wrote " + flags.trace);
    if (certificate != null) o.println("wrote certificate " + certificate);
    o.flush();
    return Main.EXIT_OK;
  }

  private void printHeader(PrintWriter o, CostModel m, Objective objective, SolverResult r) {
    o.printf(Locale.ROOT, "%s on %s, batch %d, objective %s, solver %s: %s in %.3f s%n", model.spec(), m.hardware().name(),
        m.batch(), objective, r.solver(), r.status(), r.solveSeconds());
  }

  /**
   * Every instance has a plan (each unit alone fits the chip), so "infeasible" from a solver can only
   * mean that the objective overflowed for every plan: the baseline layer-by-layer plan tells. Its
   * objective not finite is bad input, said as such instead of a silent "INFEASIBLE".
   */
  private void checkFiniteObjective(CostModel m, Objective objective) {
    SolverResult base = Solvers.get("layerwise").solve(m, objective, dev.compass.solvers.SolverOptions.DEFAULT);
    double v = base.cost().map(c -> c.value(objective)).orElse(Double.NaN);
    if (!Double.isFinite(v)) {
      throw new InputException(model.spec() + " on " + m.hardware().name(), "the objective " + objective
          + " is not finite (" + v + ") even for the layer-by-layer plan, so no plan can be compared; the batch, the"
          + " objective's lambda or the hardware's numbers are too extreme (see docs/formats.md, Limits)");
    }
  }

  /**
   * No plan: the result (JSON or the header line) on stdout, one line on stderr, no output file, and
   * exit {@link Main#EXIT_INFEASIBLE} when the solver proved there is none, else {@link Main#EXIT_NO_PLAN}.
   */
  private int noPlan(PrintWriter o, PrintWriter err, CostModel m, SolverResult r, com.fasterxml.jackson.databind.JsonNode doc) {
    boolean proved = r.status() == Status.INFEASIBLE;
    if (proved) checkFiniteObjective(m, r.objective());
    if (json) o.print(Json.toJson(doc));
    else printHeader(o, m, r.objective(), r);
    o.flush();
    err.println("compass: " + model.spec() + " on " + m.hardware().name() + ": "
        + (proved ? "no feasible plan: solver " + r.solver() + " proved that none exists"
            : String.format(Locale.ROOT, "no plan found by solver %s within its limits (status %s after %.1f s); raise"
                + " --time-limit, or use the dp solver", r.solver(), r.status(), r.solveSeconds()))
        + (out != null || flags.trace != null ? "; no file written" : ""));
    err.flush();
    return proved ? Main.EXIT_INFEASIBLE : Main.EXIT_NO_PLAN;
  }

  /**
   * Stages the certificate if asked; false (after one line on stderr, nothing written) if asked and
   * the solver proved no optimality certificate.
   */
  private boolean addCertificate(OutputFiles files, SolverResult r, PrintWriter err) {
    if (certificate == null) return true;
    var dual = r.certificate().flatMap(c -> c.dual());
    if (dual.isEmpty()) {
      err.println("compass: no certificate (and no other file) written to " + certificate + ": " + r.solver() + " ended " + r.status()
          + (r.status() == Status.OPTIMAL ? " but produces no potentials" : " without a proof of optimality"));
      err.flush();
      return false;
    }
    files.add("--certificate", certificate, Json.toJson(CertificateJson.toJson(dual.get(), r.objectiveValue(), r.lowerBound())));
    return true;
  }
}
