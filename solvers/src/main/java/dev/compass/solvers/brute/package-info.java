/** Brute force over all cut sets and targets, for tests on small instances. */
package dev.compass.solvers.brute;
