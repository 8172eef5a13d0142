package dev.compass.bench.cli;

import dev.compass.formulation.graph.StageGraph;
import dev.compass.formulation.io.Json;
import dev.compass.formulation.mapping.Mapping;
import dev.compass.formulation.plan.PartitionPlan;
import dev.compass.pimsim.PimSim;
import dev.compass.pimsim.program.PartitionProgram;
import dev.compass.pimsim.program.Program;
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
 * {@code compass compile}: a plan compiled into the simulator's program (placement, weight phase,
 * loads, stores, dependencies; {@code docs/pimsim.md}). With {@code --out} the program JSON goes to
 * the file and a summary to stdout; without it the program JSON goes to stdout.
 */
@Command(name = "compile", mixinStandardHelpOptions = true,
    description = "Compile a plan file into the simulator's program (JSON): placement of every replica's arrays, "
        + "weight reads and row writes, loads, stores and dependencies. The plan is checked (coverage, replication, capacity).")
final class CompileCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ModelOption model;
  @Mixin HardwareOption hw;

  @Mixin PlanOption plan;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the program JSON to FILE (default: print it).")
  Path out;

  @Override
  public Integer call() {
    OutputFiles.checkWritable("--out", out);
    Mapping mapping = Mapping.of(StageGraph.of(model.network()), hw.hardware());
    PartitionPlan p = plan.read();
    Program prog = plan.located(() -> PimSim.compile(mapping, p));
    String text = PimSim.toJson(prog);
    PrintWriter o = spec.commandLine().getOut();
    if (out == null) {
      o.print(text);
      o.flush();
      return 0;
    }
    new OutputFiles().add("--out", out, text).commit();
    long writes = 0;
    long reads = 0;
    long loads = 0;
    long stages = 0;
    for (PartitionProgram pp : prog.partitions()) {
      reads += pp.allReads().size();
      for (var r : pp.allReads()) writes += r.writes().size();
      loads += pp.loads().size();
      stages += pp.stages().size();
    }
    o.printf(Locale.ROOT, "%s on %s: %d partitions, %d stage tasks, %d weight reads, %d array writes, %d loads%n",
        model.spec(), prog.hardware().name(), prog.partitions().size(), stages, reads, writes, loads);
    o.println("wrote " + out);
    o.flush();
    return 0;
  }
}
