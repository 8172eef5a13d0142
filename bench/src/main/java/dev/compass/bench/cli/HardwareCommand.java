package dev.compass.bench.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.hardware.HardwareSpec;
import dev.compass.formulation.io.Json;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code compass hardware [NAME|FILE] [--json]}: the presets, or one preset or hardware file,
 * validated, as a table with provenance or as JSON (the format of {@link Json#writeHardware}).
 */
@Command(
    name = "hardware",
    mixinStandardHelpOptions = true,
    description = {
      "List the hardware presets, or show one preset or hardware file (validated) with the provenance of each number."
    })
final class HardwareCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "NAME|FILE",
      description = "A preset name or the path of a hardware .json file (default: list the presets).")
  String hardware;

  @Option(names = "--json", description = "Print JSON (the hardware file format) instead of a table.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (hardware == null) {
      if (json) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (String name : HardwarePresets.NAMES) a.add(Json.hardwareNode(HardwarePresets.get(name)));
        out.print(Json.toJson(a));
      } else {
        list(out);
      }
    } else {
      HardwareSpec hw = HardwareOption.resolve(hardware, "");
      if (json) out.print(Json.writeHardware(hw));
      else describe(hw, out);
    }
    out.flush();
    return 0;
  }

  private static void list(PrintWriter out) {
    Table t = new Table("name", ">cores x arrays", ">arrays", ">array", "bits (weight/activation/cell)", "allocation", "prefetch");
    for (String name : HardwarePresets.NAMES) {
      HardwareSpec hw = HardwarePresets.get(name);
      t.row(name, hw.cores() + " x " + hw.arraysPerCore(), hw.arrays(), hw.rows() + "x" + hw.cols(),
          hw.weightBits() + "/" + hw.activationBits() + "/" + hw.cellBits(), hw.allocation(), hw.prefetch());
    }
    t.print(out);
    out.println();
    out.println("Show one with 'compass hardware NAME' (add --json for the file format).");
  }

  private static void describe(HardwareSpec hw, PrintWriter out) {
    out.printf(Locale.ROOT, "%s: %d cores x %d arrays = %d arrays of %dx%d cells, %s allocation%n",
        hw.name(), hw.cores(), hw.arraysPerCore(), hw.arrays(), hw.rows(), hw.cols(), hw.allocation());
    String chip = hw.provenance().get("chip");
    if (chip != null) out.println(chip);
    out.println();
    Table t = new Table("field", ">value", "provenance");
    for (String f : HardwareSpec.NUMBER_FIELDS) {
      t.row(f, withUnit(f, hw.number(f)), hw.provenance().getOrDefault(f, "-"));
    }
    t.row("allocation", hw.allocation(), hw.provenance().getOrDefault("allocation", "-"));
    t.row("prefetch", hw.prefetch(), hw.provenance().getOrDefault("prefetch",
        hw.prefetch() ? "-" : "default: weights are written only between partitions (FORMULATION.md §9)"));
    t.print(out);
    out.println();
    out.printf(Locale.ROOT, "derived: slices = ceil(weightBits/cellBits) = %d, steps = ceil(activationBits/dacBits) = %d, "
            + "MVM time = steps x tStep = %s, outputs per column tile = cols/slices = %d%n",
        hw.slices(), hw.steps(), engineering(hw.mvmTime(), "s"), hw.outputsPerColumnTile());
  }

  /** A field's value with its SI unit, e.g. {@code 20 ns}, {@code 25.6 GB/s}. */
  static String withUnit(String field, double v) {
    return switch (field) {
      case "tStep", "tRow" -> engineering(v, "s");
      case "bwDram" -> engineering(v, "B/s");
      case "eDram" -> engineering(v, "J/B");
      case "eStep", "eRow", "eVecMac" -> engineering(v, "J");
      case "pStatic" -> engineering(v, "W");
      case "vecMacRate" -> engineering(v, "MAC/s");
      default -> Long.toString((long) v);
    };
  }

  private static final String PREFIXES = "fpnum kMGT";

  /** {@code v} with an SI prefix that puts the mantissa in [1, 1000), 6 significant digits at most. */
  static String engineering(double v, String unit) {
    if (v == 0) return "0 " + unit;
    int exp = (int) Math.floor(Math.log10(Math.abs(v)) / 3) * 3;
    exp = Math.max(-15, Math.min(12, exp));
    BigDecimal mantissa = new BigDecimal(v).movePointLeft(exp).round(new MathContext(6)).stripTrailingZeros();
    char prefix = PREFIXES.charAt(exp / 3 + 5);
    return mantissa.toPlainString() + " " + (prefix == ' ' ? "" : String.valueOf(prefix)) + unit;
  }
}
