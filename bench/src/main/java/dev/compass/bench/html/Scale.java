package dev.compass.bench.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A map from data values to pixels, linear or base-10 logarithmic, with readable ticks. */
public final class Scale {
  private final double d0;
  private final double d1;
  private final double r0;
  private final double r1;
  private final boolean log;

  private Scale(double d0, double d1, double r0, double r1, boolean log) {
    this.d0 = d0;
    this.d1 = d1;
    this.r0 = r0;
    this.r1 = r1;
    this.log = log;
  }

  /** Linear from {@code [lo, hi]} (widened to nice tick values) to pixels {@code [r0, r1]}. */
  public static Scale linear(double lo, double hi, double r0, double r1) {
    if (!(hi > lo)) {
      double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
      lo -= pad;
      hi += pad;
    }
    double step = niceStep((hi - lo) / 5);
    return new Scale(Math.floor(lo / step) * step, Math.ceil(hi / step) * step, r0, r1, false);
  }

  /** Logarithmic over whole decades covering {@code [lo, hi]} (both > 0). */
  public static Scale log(double lo, double hi, double r0, double r1) {
    double a = Math.floor(Math.log10(lo));
    double c = Math.ceil(Math.log10(hi));
    if (c <= a) c = a + 1;
    return new Scale(a, c, r0, r1, true);
  }

  public double map(double v) {
    double x = log ? Math.log10(Math.max(v, Math.pow(10, d0))) : v;
    return r0 + (x - d0) / (d1 - d0) * (r1 - r0);
  }

  public double min() {
    return log ? Math.pow(10, d0) : d0;
  }

  public double max() {
    return log ? Math.pow(10, d1) : d1;
  }

  /** Tick values: decades for a log scale, nice steps for a linear one. */
  public List<Double> ticks() {
    List<Double> t = new ArrayList<>();
    if (log) {
      for (double e = d0; e <= d1 + 1e-9; e++) t.add(Math.pow(10, e));
    } else {
      double step = niceStep((d1 - d0) / 5);
      for (double v = d0; v <= d1 + step * 1e-9; v += step) t.add(Math.abs(v) < step * 1e-9 ? 0 : v);
    }
    return t;
  }

  static double niceStep(double raw) {
    if (!(raw > 0)) return 1;
    double p = Math.pow(10, Math.floor(Math.log10(raw)));
    double m = raw / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * p;
  }

  /** A short number: {@code 0.0152 -> 0.0152}, {@code 1.5e-6 -> 1.5e-06}, {@code 1200 -> 1200}. */
  public static String fmt(double v) {
    if (v == 0) return "0";
    double a = Math.abs(v);
    if (a >= 1e-3 && a < 1e5) {
      String s = String.format(Locale.ROOT, "%.4g", v);
      if (s.contains(".") && !s.contains("e")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
      return s;
    }
    return String.format(Locale.ROOT, "%.2g", v);
  }
}
