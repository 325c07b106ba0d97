package dev.mlops.benchmarks;

import dev.mlops.benchmarks.ServingBenchmark.Bare;
import dev.mlops.benchmarks.ServingBenchmark.Point;
import dev.mlops.benchmarks.ServingBenchmark.Results;
import dev.mlops.benchmarks.ServingBenchmark.Rss;
import dev.mlops.benchmarks.ServingBenchmark.Session;
import dev.mlops.core.export.MachineInfo;
import java.time.LocalDate;
import java.util.Comparator;
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
    out.append("\n### Targets\n\n");
    out.append(versusPeer(r));
    out.append(batching(r));
    out.append(overhead(r));
    out.append(memory(r));
    return out.toString();
  }

  private static String intro(Results r) {
    MachineInfo m = MachineInfo.current();
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

        Measured %s by `benchmarks/run.sh serving` (class `ServingBenchmark`) on %d cores (%s;
        CPU flags %s; %s; %s). Each server runs in its own process on 127.0.0.1 and is
        measured in turn: `mlops-serving`'s runnable jar (`java -jar ... --model-dir`, default
        settings: %d decode threads, ONNX Runtime with one intra-op thread per core, batches of up
        to 32 that wait at most 5 ms to fill, no prediction log) with `model.onnx` (fp32) or
        `model-int8.onnx` (int8), and the peer, FastAPI + uvicorn + PyTorch (%s), one worker process,
        `torch.set_num_threads(%d)`, serving the same architecture (`benchmarks/peer/fastapi_server.py`:
        `async def` endpoint running the model on the event loop ("inline"), or on FastAPI's
        thread pool ("threadpool"); both measured, the faster counts). Both decode the PNG
        (ImageIO / PIL), resize with an antialiased bilinear filter, normalise, classify and answer
        JSON with the label and every class probability.

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
        LocalDate.now(),
        m.cores(),
        m.cpu(),
        InferenceRows.cpuFlags(),
        m.os(),
        m.java(),
        ServingBenchmark.THREADS,
        peer(r),
        ServingBenchmark.THREADS,
        models,
        r.counts().pointSeconds() / 4,
        r.counts().small(),
        r.counts().large(),
        r.counts().pointSeconds());
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

  private static String versusPeer(Results r) {
    StringBuilder out = new StringBuilder();
    for (ServingModels.Served m : r.models()) {
      Session peer =
          r.sessions().stream()
              .filter(s -> s.model().equals(m.name()) && s.server().startsWith("FastAPI"))
              .max(Comparator.comparingDouble(s -> s.at(16).load().perSecond()))
              .orElse(null);
      if (peer == null) {
        continue;
      }
      Point p = peer.at(16);
      for (String runtime : List.of("fp32", "int8")) {
        Point o = find(r, m.name(), "mlops", runtime, ServingBenchmark.BATCH).at(16);
        double ratio = o.load().perSecond() / p.load().perSecond();
        boolean met = ratio >= 2 && o.load().p99Ms() <= p.load().p99Ms();
        out.append(
            f(
                "- %s, 16 clients, ours %s vs %s (the faster peer): %.1f vs %.1f img/s = %.2fx,"
                    + " p99 %.1f vs %.1f ms%s.%n",
                m.name(),
                runtime,
                peer.server(),
                o.load().perSecond(),
                p.load().perSecond(),
                ratio,
                o.load().p99Ms(),
                p.load().p99Ms(),
                m.architecture().equals("resnet18") && runtime.equals("fp32")
                    ? " (target >= 2x at equal or better p99, fp32 against fp32: "
                        + (met ? "met" : "not met")
                        + ")"
                    : ""));
      }
    }
    return out.toString();
  }

  private static String batching(Results r) {
    StringBuilder out = new StringBuilder();
    for (ServingModels.Served m : r.models()) {
      Session one = find(r, m.name(), "mlops", "fp32", 1);
      Session full = find(r, m.name(), "mlops", "fp32", ServingBenchmark.BATCH);
      if (one == null || full == null) {
        continue;
      }
      double a = full.at(16).load().perSecond();
      double b = one.at(16).load().perSecond();
      out.append(
          f(
              "- Batching, %s fp32, 16 clients: maxBatchSize 32 %.1f img/s vs maxBatchSize 1"
                  + " %.1f img/s = %.2fx (target >= 2x: %s); p99 %.1f vs %.1f ms.%n",
              m.name(),
              a,
              b,
              a / b,
              a / b >= 2 ? "met" : "not met",
              full.at(16).load().p99Ms(),
              one.at(16).load().p99Ms()));
    }
    return out.toString();
  }

  private static String overhead(Results r) {
    StringBuilder out =
        new StringBuilder(
            """
            - Server overhead at batch 32. Bare ONNX Runtime: ms per image of back-to-back
              batch-32 calls of `OnnxClassifier` (2 intra-op threads) on the request images'
              tensors, in the load generator's JVM with no server running. Server: ms per image
              at 64 clients (1000 / img/s; the batches are full), HTTP, decoding, preprocessing,
              batching, JSON and the load generator's share of the cores included. Overhead =
              server / bare - 1 (target <= 20%%). Decode + preprocess is ImageIO plus the core's
              `ImagePreprocessor` on one thread, per image, for scale.
            """
                .formatted());
    for (Bare b : r.bare()) {
      Session s = find(r, b.model(), "mlops", b.runtime(), ServingBenchmark.BATCH);
      double served = 1000 / s.at(64).load().perSecond();
      double overhead = served / b.inferenceMs() - 1;
      out.append(
          f(
              "  - %s %s: bare %.3f ms/img, served %.3f ms/img: overhead %.0f%% (%s);"
                  + " decode + preprocess %.3f ms/img (others %.0f%% during the bare run).%n",
              b.model(),
              b.runtime(),
              b.inferenceMs(),
              served,
              100 * overhead,
              overhead <= 0.2 ? "met" : "not met",
              b.preprocessMs(),
              100 * b.others()));
    }
    return out.toString();
  }

  private static String memory(Results r) {
    List<Rss> rss = r.rss();
    if (rss.isEmpty()) {
      return "";
    }
    Rss first = rss.get(0);
    Rss last = rss.get(rss.size() - 1);
    double growth = last.mb() / first.mb() - 1;
    StringBuilder out =
        new StringBuilder(
            f(
                "- Native memory: resident set (VmRSS of `/proc/<pid>/status`) of our server's"
                    + " JVM serving cnn-small fp32 at %d clients: %.1f MB after %,d requests,"
                    + " %.1f MB after %,d: %+.1f%% (target within 10%%: %s). JVM defaults (no"
                    + " -Xmx; the heap may grow up to a quarter of the machine's memory).%n",
                ServingBenchmark.RSS_CLIENTS,
                first.mb(),
                first.requests(),
                last.mb(),
                last.requests(),
                100 * growth,
                Math.abs(growth) <= 0.1 ? "met" : "not met"));
    out.append(
        "  After each tenth of the run: requests, resident MB (heap committed + other JVM memory"
            + " committed + direct buffers, MB, from the server's `/metrics`), img/s:");
    for (Rss x : rss) {
      out.append(
          f(
              " %,d: %.1f (%.0f + %.0f + %.1f), %.0f;",
              x.requests(), x.mb(), x.heapMb(), x.nonHeapMb(), x.directMb(), x.perSecond()));
    }
    return out.append('\n').toString();
  }

  private static Session find(Results r, String model, String server, String runtime, int batch) {
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

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
