/**
 * Code generation: a partition plan becomes a {@link dev.compass.pimsim.program.Program}. Places the
 * replicas of each partition's stages onto arrays and cores, and emits the weight-replacement and
 * compute phases with their DRAM traffic and dependencies.
 */
package dev.compass.pimsim.compile;
