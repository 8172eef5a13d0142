/**
 * The compiled program the simulator runs: per partition, the placement of each stage replica on
 * arrays, the weight-replacement phase (DRAM reads feeding row writes) and the compute phase (per
 * image and stage: loads, MVMs, vector work, stores) with explicit dependencies. All records; JSON
 * via {@link dev.compass.pimsim.program.ProgramJson}.
 */
package dev.compass.pimsim.program;
