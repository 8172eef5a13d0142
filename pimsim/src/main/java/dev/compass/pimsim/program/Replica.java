package dev.compass.pimsim.program;

import java.util.List;

/**
 * One replica of a stage in a partition: a full copy of the partition's units of the stage.
 *
 * <p>Replica {@code r} of {@code d} computes {@code mvmsPerImage} of the stage's {@code P} MVMs per
 * image: {@code ceil(P/d)} for {@code r < P mod d}, {@code floor(P/d)} for the others, so the
 * replicas together compute all {@code P}.
 *
 * @param replica index {@code 0..d-1}
 * @param mvmsPerImage MVMs this replica computes per image
 * @param arrays the replica's arrays, in unit order and row-tile order within a unit
 */
public record Replica(int replica, long mvmsPerImage, List<ArrayCopy> arrays) {

  public Replica {
    if (replica < 0) throw new IllegalArgumentException("replica must be >= 0, got " + replica);
    if (mvmsPerImage < 0) throw new IllegalArgumentException("mvmsPerImage must be >= 0, got " + mvmsPerImage);
    arrays = List.copyOf(arrays);
  }
}
