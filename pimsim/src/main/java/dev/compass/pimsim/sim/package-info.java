/**
 * The event-driven simulator of a compiled program: DRAM channel, write ports, arrays and vector
 * unit as resources, dataflow between stages per image, feasibility checks as it runs, and the
 * measured latency, energy by kind, utilization and traffic.
 */
package dev.compass.pimsim.sim;
