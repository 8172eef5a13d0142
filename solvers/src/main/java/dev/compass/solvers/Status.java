package dev.compass.solvers;

/** How a solve ended. OPTIMAL only when the method proved it (bound equals objective within tolerance). */
public enum Status { OPTIMAL, FEASIBLE, INFEASIBLE, TIMEOUT }
