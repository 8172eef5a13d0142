package dev.compass.bench.spark;

import dev.compass.bench.workbench.Cell;
import dev.compass.bench.workbench.GridRunner;
import dev.compass.bench.workbench.Harness;
import dev.compass.bench.workbench.ProblemTexts;
import dev.compass.bench.workbench.ResultRow;
import dev.compass.formulation.InputException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Function1;
import scala.Function2;
import scala.reflect.ClassTag$;
import scala.runtime.BoxedUnit;

/**
 * The driver side of {@code compass sweep --spark MASTER}: one Spark task per cell (an RDD of the
 * cells with one partition each), the time-limited solvers' cells first as in a local sweep. Each
 * task runs {@link CellTask#solve} on an executor; its row comes back through the job's result
 * handler as soon as the task ends, so the sweep shows progress and checkpoints {@code results.csv}
 * row by row, and an interrupted run resumes from the rows already written.
 *
 * <p>A task that fails as a whole (its executor lost, native code crashed; Spark retries it
 * {@code spark.task.maxFailures} times: 1 in local mode, 4 on a cluster) aborts Spark's job; the
 * cell it held becomes an {@code ERROR} row with Spark's reason, and the cells not yet solved run
 * again as a new job. The study goes on.
 */
public final class SparkGridRunner implements GridRunner {
  /** How Spark names the failed task in a job's abort message ("Task 3 in stage 0.0 failed 1 times, most recent failure: ..."). */
  private static final Pattern TASK_FAILED = Pattern.compile("Task (\\d+) in stage \\S+ failed \\d+ times?, most recent failure: ([^\\n]*)");

  /** Longest failure reason kept in a row's error. */
  private static final int REASON_CHARS = 400;

  private final CellTask.Solve solve;

  /** The runner that {@code compass sweep --spark} finds through {@link java.util.ServiceLoader}. */
  public SparkGridRunner() {
    this(CellTask::solve);
  }

  /** A runner whose executors run {@code solve} on each cell (tests give one that fails). */
  SparkGridRunner(CellTask.Solve solve) {
    this.solve = solve;
  }

  @Override
  public String name() {
    return "spark";
  }

  @Override
  public List<ResultRow> run(String master, List<Cell> cells, ProblemTexts problems, Harness.Settings settings, Harness.Listener listener) {
    if (cells.isEmpty()) return List.of();
    SparkConf conf = conf(master);
    // schedule: time-limited solvers first (a partition's index is its place in the schedule)
    List<Integer> schedule = new ArrayList<>();
    for (int k = 0; k < cells.size(); k++) schedule.add(k);
    schedule.sort(Comparator.comparing((Integer k) -> Harness.FAST.contains(cells.get(k).solver())).thenComparing(k -> k));

    ResultRow[] out = new ResultRow[cells.size()];
    int[] done = {0};
    CellTask.Job job = CellTask.Job.of(UUID.randomUUID().toString(), problems, settings);
    try (JavaSparkContext sc = start(conf)) {
      Set<Integer> pending = new LinkedHashSet<>(schedule);
      while (!pending.isEmpty()) {
        List<Integer> wave = List.copyOf(pending);
        List<CellTask.Spec> specs = wave.stream().map(k -> CellTask.Spec.of(cells.get(k))).toList();
        JavaRDD<CellTask.Spec> rdd = sc.parallelize(specs, specs.size()); // one cell per partition
        Function2<Object, String, BoxedUnit> arrived = (partition, line) -> {
          int k = wave.get((Integer) partition);
          ResultRow row = CellTask.row(line);
          out[k] = row;
          pending.remove(k);
          listener.finished(row, ++done[0], cells.size());
          return BoxedUnit.UNIT;
        };
        try {
          sc.sc().runJob(rdd.rdd(), work(solve, job), arrived, ClassTag$.MODULE$.apply(String.class));
        } catch (Exception e) { // Spark aborted the job (a SparkException, thrown unchecked by Scala): a task failed for good, or the job could not start
          String message = String.valueOf(e.getMessage());
          Matcher m = TASK_FAILED.matcher(message);
          List<Integer> failed = new ArrayList<>();
          String reason;
          if (m.find() && Integer.parseInt(m.group(1)) < wave.size() && pending.contains(wave.get(Integer.parseInt(m.group(1))))) {
            failed.add(wave.get(Integer.parseInt(m.group(1))));
            reason = "Spark task failed: " + m.group(2);
          } else { // not one task's failure: no cell left can run
            failed.addAll(pending);
            reason = "Spark job failed: " + e;
          }
          for (int k : failed) {
            ResultRow row = CellTask.error(cells.get(k), reason.length() > REASON_CHARS ? reason.substring(0, REASON_CHARS) + "..." : reason);
            out[k] = row;
            pending.remove(k);
            listener.finished(row, ++done[0], cells.size());
          }
        }
      }
    }
    return List.of(out);
  }

  /** The executors' function: the one cell of a partition, solved. A static method, so that the lambda captures only its arguments. */
  private static Function1<scala.collection.Iterator<CellTask.Spec>, String> work(CellTask.Solve solve, CellTask.Job job) {
    return (Function1<scala.collection.Iterator<CellTask.Spec>, String> & Serializable) it -> solve.apply(it.next(), job);
  }

  /** A Spark context, or a clear error naming the master when Spark cannot start with it (a bad URL, no cluster there). */
  private static JavaSparkContext start(SparkConf conf) {
    try {
      return new JavaSparkContext(conf);
    } catch (Exception e) { // SparkException is thrown unchecked by Scala
      String why = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString());
      throw new InputException("--spark", "Spark could not start with master '" + conf.get("spark.master") + "': " + why
          + "; masters: local[N], spark://HOST:PORT, yarn, k8s://..., or submit (under spark-submit)");
    }
  }

  /**
   * Spark's configuration: {@code spark.*} system properties and spark-submit's settings, the
   * master ({@code submit}: the one spark-submit was given), and for local masters a driver bound
   * to the loopback address and no web UI unless configured otherwise.
   */
  static SparkConf conf(String master) {
    SparkConf conf = new SparkConf(true).setAppName("compass sweep");
    if (master.equals("submit")) {
      if (!conf.contains("spark.master")) {
        throw new InputException("--spark", "'submit' takes the master from spark-submit's --master, but there is none; run the jar "
            + "through spark-submit, or give a master: local[N], spark://HOST:PORT, yarn, k8s://...");
      }
    } else {
      conf.setMaster(master);
    }
    conf.setIfMissing("spark.ui.showConsoleProgress", "false"); // compass draws its own progress
    if (conf.get("spark.master").startsWith("local")) {
      conf.setIfMissing("spark.ui.enabled", "false");
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    }
    return conf;
  }
}
