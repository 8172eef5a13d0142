/**
 * {@code compass sweep --spark MASTER}: a sweep's cells as Apache Spark tasks. {@link
 * dev.compass.bench.spark.SparkGridRunner} (the driver side, a {@link
 * dev.compass.bench.workbench.GridRunner} found through {@link java.util.ServiceLoader}) sends one
 * cell per task; {@link dev.compass.bench.spark.CellTask} (the executor side) solves it with the
 * workbench's {@link dev.compass.bench.workbench.Harness}, exactly as a local sweep does, and sends
 * the row back as a {@code results.csv} line. Built only with the Maven profile {@code spark}.
 */
package dev.compass.bench.spark;
