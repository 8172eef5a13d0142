/**
 * Mapping stages onto crossbar arrays (FORMULATION.md §3): row and column tiles, block-diagonal
 * packing of grouped convolutions, and the units that partitions are made of.
 */
package dev.compass.formulation.mapping;
