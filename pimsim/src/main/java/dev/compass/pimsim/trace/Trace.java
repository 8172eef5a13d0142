package dev.compass.pimsim.trace;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.compass.formulation.io.AtomicFiles;
import dev.compass.formulation.io.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A timeline of what the simulator did, written in Chrome's trace-event format (JSON object form:
 * {@code {"traceEvents": [...]}}, complete events {@code "ph": "X"} with {@code ts}/{@code dur} in
 * microseconds), which Perfetto and {@code chrome://tracing} open.
 *
 * <p>One track per core ({@code core 0}, {@code core 1}, ...), one for the DRAM channel and one for
 * the vector unit. Slices on one track must nest, so where work on one core overlaps in time (two
 * stages sharing a core under ARRAY allocation, or two write ports filling arrays of one core) the
 * later slice goes to an extra lane of that core ({@code core 3 #2}), shown next to it.
 */
public final class Trace {
  /** Track name of the DRAM channel. */
  public static final String DRAM = "DRAM";
  /** Track name of the chip's vector unit. */
  public static final String VECTOR = "vector unit";

  private record Span(String track, String name, String category, double start, double duration, Map<String, Object> args) {}

  private final List<Span> spans = new ArrayList<>();
  private final Map<String, Integer> trackOrder = new LinkedHashMap<>();

  /** The track of core {@code c}. */
  public static String core(int c) {
    return "core " + c;
  }

  /** Declares a track and its position (tracks are shown in increasing order). */
  public void track(String track, int order) {
    trackOrder.putIfAbsent(track, order);
  }

  /**
   * Records one slice.
   *
   * @param track e.g. {@link #core(int)}, {@link #DRAM}, {@link #VECTOR}
   * @param name slice name
   * @param category e.g. {@code mvm}, {@code write}, {@code load}, {@code store}, {@code weights}
   * @param startSeconds start, seconds from the start of the run
   * @param durationSeconds duration, seconds
   * @param args extra fields shown with the slice
   */
  public void span(String track, String name, String category, double startSeconds, double durationSeconds,
      Map<String, Object> args) {
    trackOrder.putIfAbsent(track, trackOrder.size() + 1_000_000);
    spans.add(new Span(track, name, category, startSeconds, durationSeconds, Map.copyOf(args)));
  }

  /** Number of slices recorded. */
  public int size() {
    return spans.size();
  }

  /** The trace as JSON text. */
  public String toJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Writes the trace to {@code file} (atomically). */
  public void write(Path file) {
    AtomicFiles.write(file, toJson());
  }

  /** Writes the trace as JSON to {@code out} (not closed). */
  public void write(OutputStream out) {
    // lanes: per track, greedily the first lane free at the slice's start
    List<Span> sorted = new ArrayList<>(spans);
    sorted.sort(Comparator.comparingDouble(Span::start));
    Map<String, List<Double>> laneEnds = new TreeMap<>();
    Map<String, Integer> tids = new LinkedHashMap<>();
    int[] tidOf = new int[sorted.size()];
    for (int i = 0; i < sorted.size(); i++) {
      Span s = sorted.get(i);
      List<Double> ends = laneEnds.computeIfAbsent(s.track(), k -> new ArrayList<>());
      int lane = 0;
      while (lane < ends.size() && ends.get(lane) > s.start() + 1e-15) lane++;
      if (lane == ends.size()) ends.add(0.0);
      ends.set(lane, Math.max(ends.get(lane), s.start() + s.duration()));
      String key = lane == 0 ? s.track() : s.track() + " #" + (lane + 1);
      Integer tid = tids.get(key);
      if (tid == null) {
        tid = tids.size() + 1;
        tids.put(key, tid);
      }
      tidOf[i] = tid;
    }
    try (JsonGenerator gen = Json.MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
      gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      gen.writeStartObject();
      gen.writeStringField("displayTimeUnit", "ns");
      gen.writeArrayFieldStart("traceEvents");
      gen.writeStartObject();
      gen.writeStringField("ph", "M");
      gen.writeNumberField("pid", 1);
      gen.writeStringField("name", "process_name");
      gen.writeObjectFieldStart("args");
      gen.writeStringField("name", "chip");
      gen.writeEndObject();
      gen.writeEndObject();
      for (Map.Entry<String, Integer> t : tids.entrySet()) {
        String key = t.getKey();
        int hash = key.indexOf(" #");
        String track = hash < 0 ? key : key.substring(0, hash);
        int lane = hash < 0 ? 0 : Integer.parseInt(key.substring(hash + 2)) - 1;
        meta(gen, t.getValue(), "thread_name", "name", key);
        gen.writeStartObject();
        gen.writeStringField("ph", "M");
        gen.writeNumberField("pid", 1);
        gen.writeNumberField("tid", t.getValue());
        gen.writeStringField("name", "thread_sort_index");
        gen.writeObjectFieldStart("args");
        gen.writeNumberField("sort_index", (long) trackOrder.getOrDefault(track, 0) * 64 + lane);
        gen.writeEndObject();
        gen.writeEndObject();
      }
      for (int i = 0; i < sorted.size(); i++) {
        Span s = sorted.get(i);
        gen.writeStartObject();
        gen.writeStringField("name", s.name());
        gen.writeStringField("cat", s.category());
        gen.writeStringField("ph", "X");
        gen.writeNumberField("ts", s.start() * 1e6);
        gen.writeNumberField("dur", s.duration() * 1e6);
        gen.writeNumberField("pid", 1);
        gen.writeNumberField("tid", tidOf[i]);
        if (!s.args().isEmpty()) {
          gen.writeObjectFieldStart("args");
          for (Map.Entry<String, Object> a : new TreeMap<>(s.args()).entrySet()) {
            gen.writeFieldName(a.getKey());
            gen.writeObject(a.getValue());
          }
          gen.writeEndObject();
        }
        gen.writeEndObject();
      }
      gen.writeEndArray();
      gen.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void meta(JsonGenerator gen, int tid, String name, String argName, String value) throws IOException {
    gen.writeStartObject();
    gen.writeStringField("ph", "M");
    gen.writeNumberField("pid", 1);
    gen.writeNumberField("tid", tid);
    gen.writeStringField("name", name);
    gen.writeObjectFieldStart("args");
    gen.writeStringField(argName, value);
    gen.writeEndObject();
    gen.writeEndObject();
  }
}
