package dev.mlops.benchmarks;

import dev.mlops.benchmarks.ServingBenchmark.Point;
import dev.mlops.benchmarks.ServingBenchmark.Results;
import dev.mlops.benchmarks.ServingBenchmark.Session;
import dev.mlops.core.export.MachineInfo;
import java.util.List;
import java.util.Locale;

/** The "serving" section of {@code docs/benchmarks.md}: intro, table, targets, memory. */
final class ServingRows {
  /** Above this share of the cores' time used by other processes, the numbers are suspect. */
  private static final double BUSY_SHARE = 0.05;

  private ServingRows() {}

  static String section(Results r) {
    StringBuilder out = new StringBuilder(intro(r));
    out.append(
        "| model | server | runtime | max batch | clients | requests | img/s | p50 ms | p99 ms |"
            + " mean batch |"
            + " ORT ms/img | server CPU ms/img | load generator CPU ms/img | others |\n"
            + "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Session s : r.sessions()) {
      for (Point p : s.points()) {
        out.append(
            f(
                "| %s | %s | %s | %s | %d | %d | %.1f | %.2f | %.2f | %s | %s | %.2f | %.2f | %.0f%%"
                    + " |%n",
                s.model(),
                s.server(),
                s.runtime(),
                s.maxBatchSize() == 0 ? "-" : Integer.toString(s.maxBatchSize()),
                p.clients(),
                p.load().requests(),
                p.load().perSecond(),
                p.load().p50Ms(),
                p.load().p99Ms(),
                Double.isNaN(p.meanBatch()) ? "-" : f("%.1f", p.meanBatch()),
                Double.isNaN(p.inferenceMs()) ? "-" : f("%.2f", p.inferenceMs()),
                1000 * p.serverCpuSeconds() / p.load().requests(),
                1000 * p.load().clientCpuSeconds() / p.load().requests(),
                100 * p.others()));
      }
    }
    out.append(busy(r));
    out.append(agreement(r));
    out.append(ServingTargets.section(r));
    return out.toString();
  }

  /** The machine as the intro describes it: cores, CPU, its id and flags, OS, JVM. */
  static String machine() {
    MachineInfo m = MachineInfo.current();
    return f(
        "%d cores (%s, %s; CPU flags %s; %s; %s)",
        m.cores(), m.cpu(), cpuId(), InferenceRows.cpuFlags(), m.os(), m.java());
  }

  private static String intro(Results r) {
    StringBuilder models = new StringBuilder();
    for (ServingModels.Served s : r.models()) {
      models.append(
          f(
              "- **%s** %d px: %s; requests: %s.%n",
              s.name(), s.size(), s.weights(), s.imagesNote()));
    }
    return f(
        """
        ## Serving: throughput and latency over HTTP, against FastAPI + PyTorch

        Measured %s by `benchmarks/run.sh serving` (class `ServingBenchmark`) on %s. Each server runs in its own process on 127.0.0.1 and is
        measured in turn: `mlops-serving`'s runnable jar (`java -jar ... --model-dir`, default
        settings: %d decode threads, ONNX Runtime with one intra-op thread per core, batches of up
        to 32 that wait at most 5 ms to fill, no prediction log) with `model.onnx` (fp32) or
        `model-int8.onnx` (int8), and the peer, FastAPI + uvicorn + PyTorch (%s), one worker process,
        `torch.set_num_threads(%d)`, serving the same architecture (`benchmarks/peer/fastapi_server.py`:
        `async def` endpoint running the model on the event loop ("inline"), or on FastAPI's
        thread pool ("threadpool"); both measured, the faster counts; fp32 only, so our int8
        rows have no PyTorch counterpart). Both decode the PNG (ImageIO / PIL), resize with an
        antialiased bilinear filter, normalise, classify and answer JSON with the label and every
        class probability.

        %s
        The load generator is this benchmark's JVM (a separate process from both servers): closed
        loop, N clients, each on its own keep-alive connection sending a raw `image/png` body as
        soon as its previous answer arrived, cycling through the images; plain sockets with a
        minimal HTTP/1.1 reader, so it costs both servers the same and as little CPU as it can (its
        CPU per request is in a column: it shares the 2 cores with the server). Per point: a
        warm-up of a tenth of the requests (at least 2 per client, at most %d s) excluded, then
        %,d requests for cnn-small and %,d for resnet18, or as many as %d s allow (fewer in the
        requests column), every one answered 200 (any other answer fails the run).
        Latency: from writing the request to reading the whole answer, nearest-rank percentiles.
        Server CPU is the server process's user + system time (`/proc/<pid>/stat`) per request.

        """,
        r.measured(),
        r.machine(),
        ServingBenchmark.THREADS,
        peer(r),
        ServingBenchmark.THREADS,
        models,
        r.counts().pointSeconds() / 4,
        r.counts().small(),
        r.counts().large(),
        r.counts().pointSeconds());
  }

  /** {@code cpu family 25 model 17} from {@code /proc/cpuinfo} (25/17: Zen 4), or empty. */
  private static String cpuId() {
    try {
      String family = "";
      String model = "";
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
        String value = line.substring(line.indexOf(':') + 1).trim();
        if (line.startsWith("cpu family") && family.isEmpty()) {
          family = value;
        } else if (line.matches("model\\s*:.*") && model.isEmpty()) {
          model = value;
        }
      }
      return "cpu family " + family + " model " + model;
    } catch (java.io.IOException e) {
      return "cpu family unknown";
    }
  }

  private static String peer(Results r) {
    if (r.peer() == null) {
      return "not measured";
    }
    return f(
        "PyTorch %s, uvicorn %s with %s and %s",
        r.peer().path("torch").asText(),
        r.peer().path("uvicorn").asText(),
        r.peer().path("loop").asText(),
        r.peer().path("http").asText());
  }

  /**
   * Other processes' CPU use: the machine is shared, and a point measured while they ran is slower
   * than it would be on a quiet machine (measured from {@code /proc}, not the load average).
   */
  private static String busy(Results r) {
    List<Double> shares = new java.util.ArrayList<>();
    r.sessions().forEach(s -> s.points().forEach(p -> shares.add(p.others())));
    r.bare().forEach(b -> shares.add(b.others()));
    shares.add(r.rssOthers());
    double worst =
        shares.stream().filter(d -> !Double.isNaN(d)).mapToDouble(d -> d).max().orElse(0);
    long busy = shares.stream().filter(d -> d > BUSY_SHARE).count();
    return f(
        "%n\"others\": the share of the 2 cores that other processes used during the point (from"
            + " `/proc/stat`, this JVM's and the server's own time taken out); each point first"
            + " waited (up to %d s) for them to use at most %.0f%%. Worst %.0f%%; %d of %d"
            + " measurements (points, bare runs, memory run) above %.0f%%: %s.%n",
        r.counts().quietSeconds(),
        100 * ServingBenchmark.QUIET,
        100 * worst,
        busy,
        shares.size(),
        100 * BUSY_SHARE,
        busy == 0
            ? "a quiet machine"
            : "the machine was shared, and those rows are slower than on a quiet machine");
  }

  /** Do both servers give the same answers? Only meaningful for the trained cnn-small. */
  private static String agreement(Results r) {
    Session ours = find(r, "cnn-small", "mlops", "fp32", 32);
    Session int8 = find(r, "cnn-small", "mlops", "int8", 32);
    Session peer =
        r.sessions().stream()
            .filter(s -> s.model().equals("cnn-small") && s.server().startsWith("FastAPI"))
            .findFirst()
            .orElse(null);
    if (ours == null || peer == null || int8 == null) {
      return "";
    }
    return f(
        "%nSame answers: on the %d cnn-small request images the peer (the same weights, copied"
            + " from `model.onnx`) answered the same label as our fp32 server for %d, our int8"
            + " server the same as our fp32 server for %d.%n",
        ours.labels().size(),
        same(ours.labels(), peer.labels()),
        same(ours.labels(), int8.labels()));
  }

  private static int same(List<String> a, List<String> b) {
    int n = 0;
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      n += a.get(i).equals(b.get(i)) ? 1 : 0;
    }
    return n;
  }

  static Session find(Results r, String model, String server, String runtime, int batch) {
    return r.sessions().stream()
        .filter(
            s ->
                s.model().equals(model)
                    && s.server().equals(server)
                    && s.runtime().equals(runtime)
                    && s.maxBatchSize() == batch)
        .findFirst()
        .orElse(null);
  }

  static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
