/**
 * The exact dynamic program over unit positions (FORMULATION.md §5) and the supported-point search
 * that makes it exact for EDP.
 */
package dev.compass.solvers.dp;
