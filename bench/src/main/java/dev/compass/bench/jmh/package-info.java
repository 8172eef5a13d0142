/**
 * JMH benchmarks of the hot loops: range evaluations of the cost model and whole DP solves. Run with
 * {@code ./compass bench} (defaults) or {@code java -cp bench/target/compass.jar org.openjdk.jmh.Main}.
 */
package dev.compass.bench.jmh;
