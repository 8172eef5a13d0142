/**
 * pimsim: an event-driven simulator of crossbar PIM chips that checks the cost model. It depends on
 * {@code formulation} only (structure: stages, units, tensors) and reaches times and energies by its
 * own accounting. Entry point: {@link dev.compass.pimsim.PimSim}.
 */
package dev.compass.pimsim;
