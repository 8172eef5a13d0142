package dev.compass.pimsim.program;

/**
 * A load of the compute phase: issued by stage {@code issuer} (the first stage of the partition
 * that reads it), once per image. Every image's loads are queued when the compute phase starts and
 * the DRAM channel serves them by priority (earlier images first; of one image, the loads of the
 * issuer earlier in the partition first), ahead of stores. Every stage that lists the
 * load in {@link StageTask#needs()} waits for it.
 *
 * @param id index in {@link PartitionProgram#loads()}
 * @param issuer name of the issuing stage
 * @param transfer what is loaded
 */
public record Load(int id, String issuer, Transfer transfer) {

  public Load {
    if (id < 0) throw new IllegalArgumentException("load id must be >= 0, got " + id);
    if (issuer == null || transfer == null) throw new IllegalArgumentException("load needs an issuer and a transfer");
  }
}
