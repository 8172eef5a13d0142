package dev.compass.pimsim.program;

import java.util.List;

/**
 * The compute-phase work of one stage in one partition, per image.
 *
 * <p>For image {@code i} the stage starts when it has finished image {@code i-1}, every stage in
 * {@link #after()} has finished image {@code i}, and every load in {@link #needs()} of image
 * {@code i} has arrived. Its replicas then run their MVMs in parallel (replica {@code r} for
 * {@code mvms_r * steps * tStep} seconds on all of its arrays); when the slowest is done, the
 * stage's attention work ({@link #vectorMacs()}) runs on the chip's vector unit; then the stage has
 * finished the image and issues its {@link #stores()}.
 *
 * @param stage stage index in the network's linear order
 * @param name stage name
 * @param mvmsPerImage {@code P}
 * @param arraysPerReplica {@code a_s}: arrays of the partition's units of the stage
 * @param rowsPerReplica rows written to fill one replica
 * @param units the partition's units of the stage (consecutive)
 * @param replicas the {@code d_s} replicas
 * @param vectorMacs attention MACs per image run on the vector unit (time, in every partition
 *     holding a unit of the stage, FORMULATION.md §8.1)
 * @param chargeVectorEnergy whether this partition pays the attention energy (the one holding the
 *     stage's first unit, MODEL.md rule 12)
 * @param after stages of this partition whose image {@code i} must be finished first (stage edges
 *     with both ends in the partition)
 * @param needs ids of the loads of this partition the stage reads
 * @param reads every tensor the stage reads from another stage or the network input, in full, and
 *     the partial sums it continues from: checked to be present (loaded or produced in the
 *     partition) when the stage starts
 * @param produces the part of each tensor of the stage that this partition computes (its share)
 * @param stores what the stage stores per image after finishing it
 */
public record StageTask(
    int stage,
    String name,
    long mvmsPerImage,
    long arraysPerReplica,
    long rowsPerReplica,
    List<Integer> units,
    List<Replica> replicas,
    long vectorMacs,
    boolean chargeVectorEnergy,
    List<String> after,
    List<Integer> needs,
    List<TensorPart> reads,
    List<TensorPart> produces,
    List<Transfer> stores) {

  public StageTask {
    if (name == null || name.isBlank()) throw new IllegalArgumentException("stage task needs a name");
    if (mvmsPerImage < 0 || arraysPerReplica < 0 || rowsPerReplica < 0 || vectorMacs < 0) {
      throw new IllegalArgumentException("negative count in stage task " + name);
    }
    units = List.copyOf(units);
    replicas = List.copyOf(replicas);
    after = List.copyOf(after);
    needs = List.copyOf(needs);
    reads = List.copyOf(reads);
    produces = List.copyOf(produces);
    stores = List.copyOf(stores);
  }

  /** {@code d_s}. */
  public int replication() {
    return replicas.size();
  }
}
