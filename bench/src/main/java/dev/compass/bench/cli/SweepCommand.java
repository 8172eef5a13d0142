package dev.compass.bench.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code compass sweep}: {@code compare} over a larger default grid, resumable: rows already in
 * {@code --out}'s results.csv (same model, hardware, batch, objective and solver) are kept and not
 * solved again, and results.csv is rewritten (atomically) after every finished row, so an
 * interrupted sweep continues where it stopped.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Solve a grid (models x hardware x batch sizes x objectives x solvers) on all cores with a progress bar; "
        + "resumable: rows already in --out/results.csv are skipped (delete a line to solve it again).",
        "Same outputs as 'compare': tables, results.csv, results.json, report.html."})
final class SweepCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CompareCommand.GridOptions grid;
  @Mixin CompareCommand.RunOptions run;

  @Override
  public Integer call() {
    return CompareCommand.execute(spec, grid.grid(List.of("1", "16", "64"), List.of("latency", "energy", "edp")), run, true);
  }
}
