package dev.compass.bench.html;

import java.util.Locale;

/** A minimal SVG writer: elements appended in order, coordinates in pixels, text escaped. */
public final class Svg {
  private final StringBuilder b = new StringBuilder();
  private final double width;
  private final double height;

  /**
   * Starts an {@code <svg>} element.
   *
   * @param kind the chart kind, written as {@code data-chart} (tests look charts up by it)
   * @param title the accessible title
   */
  public Svg(String kind, double width, double height, String title) {
    this.width = width;
    this.height = height;
    b.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" data-chart=\"%s\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\">",
        esc(kind), width, height, width, height));
    b.append("<title>").append(esc(title)).append("</title>");
  }

  public double width() {
    return width;
  }

  public double height() {
    return height;
  }

  /** A rectangle; {@code tip} (if not empty) becomes a hover title. */
  public Svg rect(double x, double y, double w, double h, String fill, String stroke, String tip) {
    b.append(String.format(Locale.ROOT, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"", x, y, Math.max(0, w), Math.max(0, h), fill));
    if (stroke != null) b.append(String.format(Locale.ROOT, " stroke=\"%s\" stroke-width=\"0.6\"", stroke));
    return tipped(tip, "rect");
  }

  public Svg line(double x1, double y1, double x2, double y2, String stroke, double w, boolean dashed) {
    b.append(String.format(Locale.ROOT, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"%s\" stroke-width=\"%.2f\"%s/>",
        x1, y1, x2, y2, stroke, w, dashed ? " stroke-dasharray=\"4 3\"" : ""));
    return this;
  }

  /** A polyline through {@code xs[k], ys[k]}. */
  public Svg polyline(double[] xs, double[] ys, String stroke, double w, boolean dashed, String tip) {
    StringBuilder pts = new StringBuilder();
    for (int k = 0; k < xs.length; k++) {
      if (k > 0) pts.append(' ');
      pts.append(String.format(Locale.ROOT, "%.2f,%.2f", xs[k], ys[k]));
    }
    b.append("<polyline fill=\"none\" points=\"").append(pts).append("\" stroke=\"").append(stroke)
        .append(String.format(Locale.ROOT, "\" stroke-width=\"%.2f\"", w)).append(dashed ? " stroke-dasharray=\"5 3\"" : "");
    return tipped(tip, "polyline");
  }

  public Svg circle(double cx, double cy, double r, String fill, String stroke, String tip) {
    b.append(String.format(Locale.ROOT, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.2f\" fill=\"%s\"", cx, cy, r, fill));
    if (stroke != null) b.append(" stroke=\"").append(stroke).append("\" stroke-width=\"1.2\"");
    return tipped(tip, "circle");
  }

  /** A filled polygon (e.g. a star marker). */
  public Svg polygon(double[] xs, double[] ys, String fill, String stroke, String tip) {
    StringBuilder pts = new StringBuilder();
    for (int k = 0; k < xs.length; k++) pts.append(String.format(Locale.ROOT, "%s%.2f,%.2f", k > 0 ? " " : "", xs[k], ys[k]));
    b.append("<polygon points=\"").append(pts).append("\" fill=\"").append(fill).append('"');
    if (stroke != null) b.append(" stroke=\"").append(stroke).append("\" stroke-width=\"1\"");
    return tipped(tip, "polygon");
  }

  /** Text; {@code anchor} is start, middle or end; {@code rotate} degrees about the anchor point. */
  public Svg text(double x, double y, String s, String anchor, double size, String fill, double rotate) {
    b.append(String.format(Locale.ROOT, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%.1f\" text-anchor=\"%s\" fill=\"%s\"", x, y, size, anchor, fill));
    if (rotate != 0) b.append(String.format(Locale.ROOT, " transform=\"rotate(%.1f %.2f %.2f)\"", rotate, x, y));
    b.append('>').append(esc(s)).append("</text>");
    return this;
  }

  public Svg text(double x, double y, String s, String anchor, double size) {
    return text(x, y, s, anchor, size, "#222", 0);
  }

  private Svg tipped(String tip, String tag) {
    if (tip == null || tip.isEmpty()) {
      b.append("/>");
    } else {
      b.append("><title>").append(esc(tip)).append("</title></").append(tag).append('>');
    }
    return this;
  }

  /** The finished element. */
  public String end() {
    return b + "</svg>";
  }

  /** XML escaping of text and attribute values. */
  public static String esc(String s) {
    StringBuilder o = new StringBuilder(s.length());
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      switch (c) {
        case '&' -> o.append("&amp;");
        case '<' -> o.append("&lt;");
        case '>' -> o.append("&gt;");
        case '"' -> o.append("&quot;");
        case '\'' -> o.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t') o.append(' ');
          else o.append(c);
        }
      }
    }
    return o.toString();
  }
}
