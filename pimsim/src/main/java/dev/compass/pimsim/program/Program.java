package dev.compass.pimsim.program;

import dev.compass.formulation.hardware.HardwareSpec;
import java.util.List;

/**
 * A compiled plan: what every core, write port and the DRAM channel do, per partition, independent
 * of the batch size (the simulator repeats the compute phase for each image).
 *
 * <p>It is a plain value: {@link ProgramJson} writes it as JSON a person can read and reads it back,
 * and the simulator checks it as it runs (a hand-edited program can be infeasible).
 *
 * @param network network name
 * @param hardware the chip, with every per-action number the simulator charges
 * @param units units of the network (the partitions must cover {@code 0..units-1} in order)
 * @param networkInputs the network inputs, in DRAM before the first partition starts
 * @param partitions the partitions, run one after another
 */
public record Program(
    String network, HardwareSpec hardware, int units, List<TensorPart> networkInputs, List<PartitionProgram> partitions) {

  public Program {
    if (network == null || hardware == null) throw new IllegalArgumentException("program needs a network and a hardware spec");
    networkInputs = List.copyOf(networkInputs);
    partitions = List.copyOf(partitions);
  }
}
