/**
 * The workbench's HTML report: one self-contained page ({@link dev.compass.bench.html.ReportPage})
 * with inline SVG charts drawn directly ({@link dev.compass.bench.html.Svg},
 * {@link dev.compass.bench.html.Charts}); no scripts, no external files. The page is well-formed
 * XML (XHTML syntax) so that tests can parse it.
 */
package dev.compass.bench.html;
