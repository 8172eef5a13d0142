/**
 * Timelines of a simulation in Chrome's trace-event format (opens in Perfetto): one track per core,
 * one for DRAM, one for the vector unit.
 */
package dev.compass.pimsim.trace;
