package dev.compass.formulation.hardware;

/** How arrays may be shared between layers (FORMULATION.md §1, §4). */
public enum Allocation {
  /** Any array may hold any layer: capacity is {@code sum_s d_s * a_s <= A}. */
  ARRAY,
  /** A core holds arrays of one layer only: capacity is {@code sum_s ceil(d_s * a_s / A_c) <= N_c}. */
  CORE
}
