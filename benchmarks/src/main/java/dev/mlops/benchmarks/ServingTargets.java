package dev.mlops.benchmarks;

import static dev.mlops.benchmarks.ServingRows.f;
import static dev.mlops.benchmarks.ServingRows.find;

import dev.mlops.benchmarks.ServingBenchmark.Bare;
import dev.mlops.benchmarks.ServingBenchmark.Point;
import dev.mlops.benchmarks.ServingBenchmark.Results;
import dev.mlops.benchmarks.ServingBenchmark.Rss;
import dev.mlops.benchmarks.ServingBenchmark.Session;
import java.util.Comparator;
import java.util.List;

/**
 * The targets of the "serving" section, each with its verdict and with the ceiling this machine
 * puts on it (what bare ONNX Runtime allows), so a missed target says whether the server or the
 * hardware stands in the way.
 */
final class ServingTargets {
  private ServingTargets() {}

  static String section(Results r) {
    return "\n### Targets\n\n" + versusPeer(r) + batching(r) + overhead(r) + memory(r) + notes(r);
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
        boolean target = m.architecture().equals("resnet18") && runtime.equals("fp32");
        boolean met = ratio >= 2 && o.load().p99Ms() <= p.load().p99Ms();
        double bare = 1000 / bare(r, m.name(), runtime).inferenceMs();
        out.append(
            f(
                "- %s, 16 clients, ours %s vs %s (the faster peer): %.1f vs %.1f img/s = %.2fx,"
                    + " p99 %.1f vs %.1f ms%s. Ceiling: bare ONNX Runtime %s at batch 32, without"
                    + " HTTP or decoding, runs %.1f img/s, %.2fx the peer's served rate.%n",
                m.name(),
                runtime,
                peer.server(),
                o.load().perSecond(),
                p.load().perSecond(),
                ratio,
                o.load().p99Ms(),
                p.load().p99Ms(),
                target
                    ? " (target >= 2x at equal or better p99, fp32 against fp32: "
                        + (met ? "met" : "not met")
                        + ")"
                    : "",
                runtime,
                bare,
                bare / p.load().perSecond()));
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
      Bare bare = bare(r, m.name(), "fp32");
      out.append(
          f(
              "- Batching, %s fp32, 16 clients: maxBatchSize 32 %.1f img/s vs maxBatchSize 1"
                  + " %.1f img/s = %.2fx (target >= 2x: %s); p99 %.1f vs %.1f ms. Ceiling inside"
                  + " the model: bare ONNX Runtime takes %.3f ms for one image alone (median)"
                  + " and %.3f ms per image at batch 32: batching makes inference itself %.2fx as"
                  + " fast on this CPU, and nothing else in a request gets faster with it.%n",
              m.name(),
              a,
              b,
              a / b,
              a / b >= 2 ? "met" : "not met",
              full.at(16).load().p99Ms(),
              one.at(16).load().p99Ms(),
              bare.batch1Ms(),
              bare.inferenceMs(),
              bare.batch1Ms() / bare.inferenceMs()));
    }
    return out.toString();
  }

  private static String overhead(Results r) {
    StringBuilder out =
        new StringBuilder(
            """
            - Server overhead at batch 32. Bare: ms per image of back-to-back batch-32 calls of
              `OnnxClassifier` (2 intra-op threads) on the request images' tensors, in the load
              generator's JVM with no server running. Served: ms per image at 64 clients (1000 /
              img/s; the batches are nearly full), everything included: HTTP, decoding,
              preprocessing, batching, JSON, and the load generator on the same 2 cores.
              Overhead = served / bare - 1 (target <= 20%). For scale, decoding and
              preprocessing one request image (ImageIO and the core's `ImagePreprocessor`, one
              thread) costs the CPU time given; on 2 cores that ONNX Runtime already keeps busy it
              cannot hide beside inference.
            """);
    for (Bare b : r.bare()) {
      Session s = find(r, b.model(), "mlops", b.runtime(), ServingBenchmark.BATCH);
      double served = 1000 / s.at(64).load().perSecond();
      double overhead = served / b.inferenceMs() - 1;
      out.append(
          f(
              "  - %s %s: bare %.3f ms/img, served %.3f ms/img: overhead %.1f%% (%s); decoding"
                  + " and preprocessing %.3f ms/img (others %.0f%% during the bare run).%n",
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
    if (rss.size() < 2) {
      return "";
    }
    Rss first = rss.get(0);
    Rss second = rss.get(1);
    Rss last = rss.get(rss.size() - 1);
    double growth = last.mb() / first.mb() - 1;
    StringBuilder out =
        new StringBuilder(
            f(
                "- Native memory: resident set (VmRSS of `/proc/<pid>/status`) of our server's"
                    + " JVM serving cnn-small fp32 at %d clients: %.1f MB after %,d requests,"
                    + " %.1f MB after %,d: %+.1f%% (target within 10%%: %s). Outside the Java"
                    + " heap (the resident set minus the heap's resident pages: `smaps` entries"
                    + " inside the range `jcmd <pid> GC.heap_info` prints), where native growth"
                    + " would show: %.1f MB, then %.1f MB (%+.1f%%); from %,d to %,d requests"
                    + " %+.1f%%. JVM defaults (no -Xmx).%n",
                ServingBenchmark.RSS_CLIENTS,
                first.mb(),
                first.requests(),
                last.mb(),
                last.requests(),
                100 * growth,
                Math.abs(growth) <= 0.1 ? "met" : "not met",
                first.outsideHeapMb(),
                last.outsideHeapMb(),
                100 * (last.outsideHeapMb() / first.outsideHeapMb() - 1),
                second.requests(),
                last.requests(),
                100 * (last.outsideHeapMb() / second.outsideHeapMb() - 1)));
    out.append(
        "  After each tenth of the run: requests: resident MB = heap pages + outside the heap"
            + " (heap committed, direct buffers, from the server's `/metrics`), img/s:");
    for (Rss x : rss) {
      out.append(
          f(
              " %,d: %.1f = %.1f + %.1f (%.0f, %.1f), %.0f;",
              x.requests(),
              x.mb(),
              x.heapResidentMb(),
              x.outsideHeapMb(),
              x.heapMb(),
              x.directMb(),
              x.perSecond()));
    }
    out.setLength(out.length() - 1);
    return out.append(".\n").toString();
  }

  /** What the numbers say beyond the targets, from the rows themselves. */
  private static String notes(Results r) {
    Session small = find(r, "cnn-small", "mlops", "fp32", ServingBenchmark.BATCH);
    Bare bare = bare(r, "cnn-small", "fp32");
    if (small == null || bare == null) {
      return "";
    }
    Point one = small.at(1);
    return f(
            """

        How to read them:
        - At 1 client every request waits `maxBatchDelayMs` (5 ms) for company that never comes:
          cnn-small's p50 is %.2f ms for %.3f ms of inference (the peer does not batch and does
          not wait).
        - At 1 client our server used %.2f ms of CPU per cnn-small request: mostly ONNX Runtime's
          intra-op worker thread spinning between calls (its default), seen per thread in
          `/proc/<pid>/task`; on 2 shared cores that time is taken from everything else.
        - "mean batch" and "ORT ms/img" come from the server's own `/metrics`
          (`mlops_batch_size`, `mlops_inference_latency_seconds`) over the measured requests.
          In a closed loop about half the clients are being decoded or answered while the
          others' batch runs, so batches hold about half the clients.
        """,
            one.load().p50Ms(),
            bare.batch1Ms(),
            1000 * one.serverCpuSeconds() / one.load().requests())
        + noWait(r);
  }

  /** Our server with and without the batch wait, fp32, at the clients both measured. */
  private static String noWait(Results r) {
    StringBuilder out = new StringBuilder();
    for (ServingModels.Served m : r.models()) {
      Session wait = find(r, m.name(), "mlops", "fp32", ServingBenchmark.BATCH);
      Session none = find(r, m.name(), ServingBenchmark.NO_WAIT, "fp32", ServingBenchmark.BATCH);
      if (wait == null || none == null) {
        continue;
      }
      out.append(
          f(
              "- %s fp32 without the batch wait (`maxBatchDelayMs=0`: a batch holds what queued"
                  + " while the previous one ran) vs with it (5 ms):",
              m.name()));
      for (Point p : none.points()) {
        Point w = wait.at(p.clients());
        out.append(
            f(
                " %d %s %.1f vs %.1f img/s, p50 %.2f vs %.2f ms, mean batch %.1f vs %.1f;",
                p.clients(),
                p.clients() == 1 ? "client" : "clients",
                p.load().perSecond(),
                w.load().perSecond(),
                p.load().p50Ms(),
                w.load().p50Ms(),
                p.meanBatch(),
                w.meanBatch()));
      }
      out.setLength(out.length() - 1);
      out.append(".\n");
    }
    return out.toString();
  }

  private static Bare bare(Results r, String model, String runtime) {
    return r.bare().stream()
        .filter(b -> b.model().equals(model) && b.runtime().equals(runtime))
        .findFirst()
        .orElse(null);
  }
}
