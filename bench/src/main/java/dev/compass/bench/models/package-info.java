/**
 * Networks as the command line names them: {@link dev.compass.bench.models.ModelResolver} maps a zoo
 * name or a file path to a network, {@link dev.compass.bench.models.ModelSummary} sizes it.
 */
package dev.compass.bench.models;
