package dev.compass.bench.cli;

import dev.compass.costmodel.CostModel;
import dev.compass.formulation.plan.Objective;
import dev.compass.formulation.plan.PartitionPlan;
import dev.compass.solvers.certificate.CertificateChecker;
import dev.compass.solvers.certificate.CertificateJson;
import dev.compass.solvers.certificate.CertificateFile;
import dev.compass.solvers.certificate.Verdict;
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
 * {@code compass verify}: checks an optimality certificate ({@code partition --certificate}) against a plan with
 * the cost model alone, no solver ({@link CertificateChecker}).
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Check that a plan is optimal with the certificate a solver wrote (partition --certificate FILE).",
        "Uses only the cost model: every candidate (valid range, target) is enumerated and checked against the potentials."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the certificate proves the plan optimal: one line 'optimal within REL'",
      "1:it does not: one line naming the first violated inequality, the plan's infeasibility, or a value the certificate states (planObjective, lowerBound) that its proof does not support",
      "2:bad input: a file, a value or the command line (one line on stderr)"
    })
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ModelOption model;
  @Mixin HardwareOption hw;
  @Mixin ProblemOptions problem;
  @Mixin PlanOption plan;

  @Option(names = "--certificate", paramLabel = "FILE", required = true, description = "Certificate JSON written by 'partition --certificate'.")
  Path certificate;

  @Option(names = "--tolerance", paramLabel = "REL",
      description = "Largest accepted relative gap between the plan's objective and the certified bound (default: ${DEFAULT-VALUE}).")
  double tolerance = CertificateChecker.DEFAULT_TOLERANCE;

  @Override
  public Integer call() {
    long t0 = System.nanoTime();
    CostModel m = CostModel.of(model.network(), hw.hardware(), problem.batch());
    Objective objective = problem.objective();
    PartitionPlan p = plan.read();
    CertificateFile cert = CertificateJson.read(certificate);
    Verdict v;
    try {
      v = CertificateChecker.check(m, objective, p, cert, tolerance);
    } catch (dev.compass.formulation.InputException e) {
      throw e.location().startsWith("--") ? e : e.in(certificate.toString());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (v.optimal()) {
      out.printf(Locale.ROOT, "optimal within %.3g (%d inequalities over %d units checked in %.3f s)%n", v.relativeGap(),
          v.inequalities(), m.units(), (System.nanoTime() - t0) / 1e9);
      out.flush();
      return 0;
    }
    out.println("not proven: " + v.violation().orElse("relative gap " + v.relativeGap()));
    out.flush();
    return 1;
  }
}
