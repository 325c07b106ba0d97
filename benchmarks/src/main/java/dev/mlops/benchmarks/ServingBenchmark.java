package dev.mlops.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Throughput and latency of {@code mlops-serving} over HTTP, next to FastAPI + uvicorn + PyTorch on
 * the same machine in the same run: cnn-small at 32 px (trained on the example's digits) and
 * resnet18 at 224 px (random weights), our server with fp32 and int8 ONNX Runtime, at 1, 4, 16 and
 * 64 concurrent clients; our server with {@code maxBatchSize=1} at 16 clients and without the batch
 * wait; bare ONNX Runtime at batch 1 and 32 as the floor; and the server JVM's resident memory over
 * a long run. Every server runs in its own process; this JVM is the load generator. Writes the
 * "serving" section of {@code docs/benchmarks.md}.
 *
 * <p>Usage: {@code ServingBenchmark <work dir> <docs/benchmarks.md> <peer/fastapi_server.py>
 * <example data dir> <mlops-serving runnable jar> [requests per point for cnn-small] [requests per
 * point for resnet18] [requests of the memory run] [seconds a point may wait for a quiet machine]
 * [seconds a point may measure]}; defaults 10000, 400, 100000, 60, 60.
 */
public final class ServingBenchmark {
  static final int THREADS = 2;
  static final int[] CLIENTS = {1, 4, 16, 64};
  static final int BATCH = 32;
  static final int RSS_CLIENTS = 16;

  /** Other processes' share of the cores up to which a point starts without waiting. */
  static final double QUIET = 0.10;

  /** Our server with {@code maxBatchDelayMs=0}: batches only what queued during the last one. */
  static final String NO_WAIT = "mlops, maxBatchDelayMs 0";

  static final List<String> PEER_MODES = List.of("inline", "threadpool");

  /**
   * How many requests each point sends (configurable: the full run takes minutes), how long a point
   * may wait for other processes to calm down, and how long it may measure (a slow server sends
   * fewer requests; its warm-up is limited to a quarter of that).
   */
  record Counts(int small, int large, int rss, int quietSeconds, int pointSeconds) {
    int requests(ServingModels.Served m) {
      return m.architecture().equals("resnet18") ? large : small;
    }
  }

  /**
   * One measured point of one server.
   *
   * @param clients concurrent clients
   * @param load the load generator's measurements
   * @param serverCpuSeconds the server process's CPU time during the point
   * @param meanBatch images per inference call in our server (its {@code /metrics}); NaN for the
   *     peer
   * @param inferenceMs our server's time inside ONNX Runtime per image; NaN for the peer
   * @param others other processes' share of the cores during the point (0 to 1)
   */
  record Point(
      int clients,
      LoadGenerator.Result load,
      double serverCpuSeconds,
      double meanBatch,
      double inferenceMs,
      double others) {}

  /**
   * One server process and its points.
   *
   * @param model the served model's name
   * @param server {@code mlops} or the peer's description
   * @param runtime {@code fp32}, {@code int8} or the peer's runtime
   * @param maxBatchSize our server's batch limit (0 for the peer)
   * @param points the measured points
   * @param labels the label answered for each request image, in order
   * @param banner the server's start line
   */
  record Session(
      String model,
      String server,
      String runtime,
      int maxBatchSize,
      List<Point> points,
      List<String> labels,
      JsonNode banner) {
    Point at(int clients) {
      return points.stream().filter(p -> p.clients() == clients).findFirst().orElse(null);
    }
  }

  /**
   * Bare ONNX Runtime, decoding and preprocessing, per image, with other processes' share of the
   * cores meanwhile.
   *
   * @param inferenceMs per image in back-to-back batch-32 calls
   * @param batch1Ms median of single batch-1 calls: the ratio to {@code inferenceMs} is all that
   *     batching can gain inside the model
   * @param preprocessMs decoding plus preprocessing one request image, on one thread
   */
  record Bare(
      String model,
      String runtime,
      double inferenceMs,
      double batch1Ms,
      double preprocessMs,
      double others) {}

  /**
   * Resident memory of the server JVM after {@code requests} requests, what the JVM itself says it
   * committed (its {@code /metrics}: the heap, the rest of its own memory such as metaspace and
   * code cache, the direct buffers), and how much of the Java heap is resident ({@code smaps}): the
   * resident set minus that is the memory outside the heap, where native growth would show.
   */
  record Rss(
      int requests,
      double mb,
      double perSecond,
      double heapMb,
      double nonHeapMb,
      double directMb,
      double heapResidentMb) {
    double outsideHeapMb() {
      return mb - heapResidentMb;
    }
  }

  /**
   * Everything the section reports, saved as {@code results.json}.
   *
   * @param measured the date of the run
   * @param machine the CPU, its flags, the OS and the JVM that ran it
   */
  record Results(
      String measured,
      String machine,
      List<ServingModels.Served> models,
      List<Bare> bare,
      List<Session> sessions,
      List<Rss> rss,
      double rssOthers,
      Counts counts) {
    /** The peer's start line (its versions, event loop and HTTP parser), or null. */
    JsonNode peer() {
      return sessions.stream()
          .filter(s -> s.maxBatchSize() == 0)
          .map(Session::banner)
          .findFirst()
          .orElse(null);
    }
  }

  /** Starts a server process. */
  interface Starter {
    ServerProcess start() throws Exception;
  }

  private ServingBenchmark() {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws Exception {
    if (args[0].equals("--render")) {
      render(Path.of(args[1]), Path.of(args[2]));
      return;
    }
    Path work = Path.of(args[0]).resolve("serving");
    Path docs = Path.of(args[1]);
    Path peer = Path.of(args[2]);
    Path jar = Path.of(args[4]);
    Counts counts =
        new Counts(
            intArg(args, 5, 10_000),
            intArg(args, 6, 400),
            intArg(args, 7, 100_000),
            intArg(args, 8, 60),
            intArg(args, 9, 60));
    List<ServingModels.Served> models =
        List.of(
            ServingModels.cnnSmall(work.resolve("cnn-small-32"), Path.of(args[3])),
            ServingModels.resnet18(work.resolve("resnet18-224")));
    List<Bare> bare = new ArrayList<>();
    for (ServingModels.Served m : models) {
      for (boolean int8 : new boolean[] {false, true}) {
        ServingMeasures.quiet(null, counts.quietSeconds());
        CpuShare start = CpuShare.now();
        Bare b = ServingMeasures.bare(m, int8);
        bare.add(
            new Bare(
                b.model(),
                b.runtime(),
                b.inferenceMs(),
                b.batch1Ms(),
                b.preprocessMs(),
                CpuShare.othersSince(start)));
        System.out.println(bare.get(bare.size() - 1));
      }
    }
    Path logs = work.resolve("logs");
    List<Session> sessions = new ArrayList<>();
    for (ServingModels.Served m : models) {
      sessions.addAll(sessions(m, jar, peer, logs, counts));
    }
    CpuShare start = CpuShare.now();
    ServingModels.Served small = models.get(0);
    List<Rss> rss =
        ServingMeasures.memory(
            small,
            counts.rss(),
            () -> ServerProcess.ours(jar, small, false, BATCH, logs.resolve("rss.log")));
    double rssOthers = CpuShare.othersSince(start);
    Results results =
        new Results(
            LocalDate.now().toString(),
            ServingRows.machine(),
            models,
            bare,
            sessions,
            rss,
            rssOthers,
            counts);
    // Every number the section is written from, kept beside the run's logs.
    Files.write(work.resolve("results.json"), Json.pretty(results));
    String section = ServingRows.section(results);
    System.out.println(section);
    DataBenchmark.Docs.replaceSection(docs, "serving", section);
  }

  /**
   * Writes the section again from a {@code results.json} of an earlier run, without measuring
   * anything: for changes to the text. Usage: {@code ServingBenchmark --render <results.json>
   * <docs/benchmarks.md>}.
   */
  private static void render(Path results, Path docs) throws Exception {
    Results r = Json.mapper().readValue(results.toFile(), Results.class);
    DataBenchmark.Docs.replaceSection(docs, "serving", ServingRows.section(r));
  }

  private static int intArg(String[] args, int index, int fallback) {
    return args.length > index ? Integer.parseInt(args[index]) : fallback;
  }

  /**
   * Every server for one model, in turn: ours with fp32 and int8, ours with {@code maxBatchSize=1}
   * (16 clients only), ours without the batch wait, and the peer in each of its modes.
   */
  private static List<Session> sessions(
      ServingModels.Served m, Path jar, Path peer, Path logs, Counts counts) throws Exception {
    List<Session> sessions = new ArrayList<>();
    for (boolean int8 : new boolean[] {false, true}) {
      String runtime = int8 ? "int8" : "fp32";
      Path log = logs.resolve(m.name() + "-" + runtime + ".log");
      sessions.add(
          session(
              m,
              "mlops",
              runtime,
              BATCH,
              CLIENTS,
              counts,
              () -> ServerProcess.ours(jar, m, int8, BATCH, log)));
    }
    Path batch1 = logs.resolve(m.name() + "-batch1.log");
    sessions.add(
        session(
            m,
            "mlops",
            "fp32",
            1,
            new int[] {16},
            counts,
            () -> ServerProcess.ours(jar, m, false, 1, batch1)));
    Path noWait = logs.resolve(m.name() + "-no-wait.log");
    sessions.add(
        session(
            m,
            NO_WAIT,
            "fp32",
            BATCH,
            new int[] {1, 16, 64},
            counts,
            () -> ServerProcess.ours(jar, m, false, BATCH, 0, noWait)));
    for (String mode : PEER_MODES) {
      Path log = logs.resolve(m.name() + "-peer-" + mode + ".log");
      sessions.add(
          session(
              m,
              "FastAPI " + mode,
              "PyTorch fp32",
              0,
              CLIENTS,
              counts,
              () -> ServerProcess.peer(peer, m, mode, THREADS, log)));
    }
    return sessions;
  }

  /**
   * One server: starts it, records the label it answers for each request image, measures each point
   * once the machine is quiet enough (bounded), stops it.
   */
  private static Session session(
      ServingModels.Served m,
      String server,
      String runtime,
      int maxBatchSize,
      int[] clients,
      Counts counts,
      Starter starter)
      throws Exception {
    List<Point> points = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    JsonNode banner;
    try (ServerProcess process = starter.start();
        LoadGenerator load =
            new LoadGenerator(process.port(), "/predictions/" + m.name(), m.images())) {
      banner = process.banner();
      for (int i = 0; i < m.images().size(); i++) {
        JsonNode answer = Json.mapper().readTree(load.answer(i));
        labels.add(answer.path("label").asText());
      }
      for (int c : clients) {
        Point p = point(process, load, c, counts.requests(m), maxBatchSize > 0, counts);
        System.out.printf(
            "%s %s %s batch<=%d clients %d: %.1f img/s, p50 %.2f ms, p99 %.2f ms, batch %.1f,"
                + " others %.0f%%%n",
            m.name(),
            server,
            runtime,
            maxBatchSize,
            c,
            p.load().perSecond(),
            p.load().p50Ms(),
            p.load().p99Ms(),
            p.meanBatch(),
            100 * p.others());
        points.add(p);
      }
    }
    return new Session(m.name(), server, runtime, maxBatchSize, points, labels, banner);
  }

  /**
   * One point: waits for a quieter machine (bounded), warms up, measures; with our server ({@code
   * ours}) also its batch sizes and inference time from {@code /metrics}.
   */
  private static Point point(
      ServerProcess process,
      LoadGenerator load,
      int clients,
      int count,
      boolean ours,
      Counts counts)
      throws Exception {
    ServingMeasures.quiet(process, counts.quietSeconds());
    load.warm(clients, Math.max(2 * clients, count / 10), counts.pointSeconds() / 4.0);
    CpuShare start = CpuShare.now();
    long ticks = process.cpuTicks();
    double[] before = ours ? ServingMeasures.metrics(load) : null;
    LoadGenerator.Result r = load.measure(clients, count, counts.pointSeconds());
    long used = process.cpuTicks() - ticks;
    double[] after = ours ? ServingMeasures.metrics(load) : null;
    return new Point(
        clients,
        r,
        ServerProcess.seconds(used),
        ours ? (after[1] - before[1]) / (after[0] - before[0]) : Double.NaN,
        ours ? 1000 * (after[2] - before[2]) / (after[1] - before[1]) : Double.NaN,
        CpuShare.othersSince(start, used));
  }
}
