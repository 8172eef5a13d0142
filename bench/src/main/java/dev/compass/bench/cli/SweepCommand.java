package dev.compass.bench.cli;

import dev.compass.bench.workbench.Shard;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code compass sweep}: {@code compare} over a larger default grid, resumable: rows already in
 * {@code --out}'s results.csv (same model, hardware, batch, objective and solver) are kept and not
 * solved again, and results.csv is rewritten (atomically) after every finished row, so an
 * interrupted sweep continues where it stopped. {@code --shard K/N} solves only the K-th of N
 * deterministic parts of the grid's cells ({@link Shard}), for job arrays, whose outputs
 * {@code compass merge} joins; {@code --spark MASTER} runs the cells as Spark tasks (with the
 * Spark build of compass, {@code bench/spark}).
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Solve a grid (models x hardware x batch sizes x objectives x solvers) on all cores with a progress bar; "
        + "resumable: rows already in --out/results.csv are skipped (delete a line to solve it again).",
        "Same outputs as 'compare': tables, results.csv, results.json, report.html."})
final class SweepCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CompareCommand.GridOptions grid;
  @Mixin CompareCommand.RunOptions run;

  @Option(names = "--shard", paramLabel = "K/N",
      description = "Solve only shard K of N of the grid's cells (a fixed split that depends only on the grid; for job arrays: run "
          + "1/N ... N/N with the same grid options and join the outputs with 'compass merge').")
  String shard;

  @Option(names = "--spark", paramLabel = "MASTER",
      description = "Run the cells as Spark tasks: local[N], spark://HOST:PORT, yarn, k8s://..., or 'submit' for spark-submit's --master "
          + "(needs the Spark build: ./compass builds it when --spark is given; see docs/workbench.md).")
  String spark;

  @Override
  public Integer call() {
    Shard s = shard == null ? Shard.ALL : Shard.parse(shard, "--shard");
    if (spark != null && spark.isBlank()) throw new dev.compass.formulation.InputException("--spark", "is empty; give a master such as local[2]");
    return CompareCommand.execute(spec, grid.grid(List.of("1", "16", "64"), List.of("latency", "energy", "edp")), run, true, s,
        spark == null ? null : spark.trim());
  }
}
