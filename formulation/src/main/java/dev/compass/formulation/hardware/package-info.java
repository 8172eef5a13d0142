/**
 * The accelerator as plain data (FORMULATION.md §1): {@link dev.compass.formulation.hardware.HardwareSpec}
 * and the shipped presets ({@link dev.compass.formulation.hardware.HardwarePresets}), each number
 * with a provenance note.
 */
package dev.compass.formulation.hardware;
