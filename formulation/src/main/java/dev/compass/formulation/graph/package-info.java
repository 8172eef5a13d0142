/**
 * The stage graph of FORMULATION.md §2 and §8: one stage per weighted operator, vector operators
 * attached to stages, views resolved to the tensors they pass, stage edges with their bytes, and
 * the tensors that can cross a partition boundary.
 */
package dev.compass.formulation.graph;
