package dev.compass.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compass.formulation.hardware.HardwarePresets;
import dev.compass.formulation.io.Json;
import dev.compass.formulation.zoo.ModelZoo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The shared {@code --model} and {@code --hw} options, through a command that prints what they name. */
class OptionsTest {
  @Command(name = "probe", mixinStandardHelpOptions = true)
  static final class Probe implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ModelOption model;
    @Mixin HardwareOption hw;

    @Override
    public Integer call() {
      var net = model.network();
      var chip = hw.hardware();
      spec.commandLine().getOut().println(net.name() + " " + net.weightedOperators().size() + " on " + chip.name() + " " + chip.arrays());
      return 0;
    }
  }

  private static Cli.Result probe(String... args) {
    CommandLine cl = Cli.commandLine();
    cl.addSubcommand("probe", new Probe());
    String[] all = new String[args.length + 1];
    all[0] = "probe";
    System.arraycopy(args, 0, all, 1, args.length);
    return Cli.run(cl, all);
  }

  @Test
  void defaultsAreResnet18OnCompassM() {
    // resnet18: 20 convolutions and one fc; compass-m: 32 x 8 arrays
    assertThat(probe().ok().out()).isEqualTo("resnet18 21 on compass-m 256\n");
    assertThat(probe("--help").ok().out()).contains("--model=NAME|FILE").contains("Default: resnet18")
        .contains("--hw=NAME|FILE").contains("Default: compass-m");
  }

  @Test
  void namesAndFilesAreAccepted(@TempDir Path tmp) throws IOException {
    Path net = tmp.resolve("alex.json");
    Files.writeString(net, Json.writeNetwork(ModelZoo.build("alexnet")));
    Path hw = tmp.resolve("chip.json");
    Files.writeString(hw, HardwarePresets.text("tiny").replace("\"name\": \"tiny\"", "\"name\": \"mine\""));
    assertThat(probe("--model", net.toString(), "--hw", hw.toString()).ok().out()).isEqualTo("alexnet 8 on mine 4\n");
    assertThat(probe("--model", "vgg16", "--hw", "tiny").ok().out()).isEqualTo("vgg16 16 on tiny 4\n");
  }

  @Test
  void unknownNamesListTheValidOnes() {
    assertThat(probe("--hw", "big").badInput().err()).isEqualTo("compass: --hw: unknown hardware preset 'big'; presets:"
        + " compass-s, compass-m, compass-l, tiny, puma-reram, puma-reram-prefetch (or give the path of a hardware .json file)\n");
    assertThat(probe("--model", "resnet").badInput().err()).startsWith("compass: --model: unknown model 'resnet'; zoo models: "
        + String.join(", ", ModelZoo.names()));
  }

  @Test
  void aMissingOptionValueIsAUsageError() {
    assertThat(probe("--hw").badInput().err()).startsWith("compass: Missing required parameter for option '--hw'")
        .endsWith("(see 'compass probe --help')\n");
  }
}
