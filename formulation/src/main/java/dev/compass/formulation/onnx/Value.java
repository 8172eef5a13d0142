package dev.compass.formulation.onnx;

import java.util.Arrays;

/**
 * What the importer knows about one ONNX value: its static shape (null while unknown), whether it
 * is a constant (FORMULATION.md §8.2), and, for small constants, its elements — {@code long[]} for
 * integer and boolean tensors, {@code double[]} for floating ones — so that shape arithmetic can be
 * folded.
 */
final class Value {
  /** Values with more elements than this are not folded (their shape still is). */
  static final int MAX_FOLD = 1 << 16;

  final long[] shape;
  final boolean constant;
  final long[] ints;
  final double[] floats;

  private Value(long[] shape, boolean constant, long[] ints, double[] floats) {
    this.shape = shape;
    this.constant = constant;
    this.ints = ints;
    this.floats = floats;
  }

  static Value activation(long[] shape) {
    return new Value(shape, false, null, null);
  }

  static Value constant(long[] shape) {
    return new Value(shape, true, null, null);
  }

  static Value ofInts(long[] shape, long[] v) {
    return new Value(shape, true, v, null);
  }

  static Value ofFloats(long[] shape, double[] v) {
    return new Value(shape, true, null, v);
  }

  /** A constant with the given payload ({@code long[]}, {@code double[]} or null). */
  static Value constant(long[] shape, Object payload) {
    if (payload instanceof long[] l) return ofInts(shape, l);
    if (payload instanceof double[] d) return ofFloats(shape, d);
    return constant(shape);
  }

  /** The same elements with another shape (views of a constant). */
  Value reshaped(long[] newShape) {
    return new Value(newShape, constant, ints, floats);
  }

  Value asConstant() {
    return constant ? this : new Value(shape, true, null, null);
  }

  boolean known() {
    return ints != null || floats != null;
  }

  boolean isFloat() {
    return floats != null;
  }

  int length() {
    return ints != null ? ints.length : floats.length;
  }

  double d(int i) {
    return ints != null ? ints[i] : floats[i];
  }

  long l(int i) {
    return ints != null ? ints[i] : (long) floats[i];
  }

  /** The elements as longs (floats truncated). */
  long[] longs() {
    if (ints != null) return ints;
    long[] r = new long[floats.length];
    for (int i = 0; i < r.length; i++) r[i] = (long) floats[i];
    return r;
  }

  /** The elements as doubles. */
  double[] doubles() {
    if (floats != null) return floats;
    double[] r = new double[ints.length];
    for (int i = 0; i < r.length; i++) r[i] = ints[i];
    return r;
  }

  /** A payload-carrying value with the same element type as this one. */
  Value with(long[] newShape, long[] l, double[] d) {
    return isFloat() ? ofFloats(newShape, d) : ofInts(newShape, l);
  }

  static long elements(long[] shape) {
    long n = 1;
    for (long d : shape) n = Math.multiplyExact(n, d);
    return n;
  }

  @Override
  public String toString() {
    return (constant ? "const" : "act") + Arrays.toString(shape)
        + (ints != null ? "=" + Arrays.toString(ints) : floats != null ? "=" + Arrays.toString(floats) : "");
  }
}
