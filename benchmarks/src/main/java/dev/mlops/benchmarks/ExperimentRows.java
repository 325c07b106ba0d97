package dev.mlops.benchmarks;

import dev.mlops.benchmarks.ExperimentBenchmark.Point;
import dev.mlops.benchmarks.ExperimentBenchmark.Results;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The "serving-experiments" section of {@code docs/benchmarks.md}, from {@link Results}. */
final class ExperimentRows {
  private ExperimentRows() {}

  static String section(Results r) {
    StringBuilder s = new StringBuilder();
    s.append(
        f(
            """
            ## Serving: A/B experiments and shadow scoring

            Measured %s by `benchmarks/run.sh serving-shadow` (class `ExperimentBenchmark`) on %s.
            One `mlops-serving` process (the runnable jar, `--repository ... --alias production`,
            default settings: batches of up to 32 that wait at most 5 ms, ONNX Runtime fp32, the
            prediction log on as experiments need it) follows model `digits` with two registered
            versions, for each of these models in turn:

            %s
            The server is measured with no experiment,
            with a 50/50 `split` experiment (v1 control, v2 treatment) and with a `shadow`
            experiment (v1 answers, v2 scores the same images off the response path), %d rounds
            of the three in turn; each experiment is started through the registry (a new name each
            time, the previous one stopped) and picked up by `POST /admin/reload`. Closed-loop
            load on 127.0.0.1 at 1 and 4 clients: %s requests per point after one warm-up run of
            that many at 4 clients and a warm-up of a tenth of it before each point (at most %d s
            per point, after waiting up to %d s for other processes to calm down), the example's
            test digits as 32x32 PNGs, each request's `X-User-Id` one of
            %,d users in turn. "control" latencies are those of the requests control answered (in
            the split, the users the hash sends to control); "treatment answered" and "shadow
            scored/dropped" come from the server's `mlops_experiment_predictions_total` and
            `mlops_shadow_dropped_total`; the server's CPU per request includes the shadow work
            that finished after the last answer; "others" is other processes' share of the two
            cores meanwhile (the machine is shared).

            | model | round | clients | experiment | requests | img/s | p50 ms | p99 ms | control p50 ms | control p99 ms | treatment answered | shadow scored | shadow dropped | server CPU ms/request | others |
            |---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
            """,
            r.measured(),
            r.machine(),
            models(r),
            r.counts().rounds(),
            String.join(
                " / ",
                r.models().stream().map(m -> f("%,d (%s)", m.requests(), m.name())).toList()),
            r.counts().pointSeconds(),
            r.counts().quietSeconds(),
            ExperimentBenchmark.USERS));
    for (Point p : r.points()) {
      s.append(
          f(
              "| %s | %d | %d | %s | %,d | %,.0f | %.2f | %.2f | %.2f | %.2f | %,.0f | %,.0f | %,.0f |"
                  + " %.2f | %.0f%% |%n",
              p.model(),
              p.round(),
              p.clients(),
              p.config(),
              p.load().requests(),
              p.load().perSecond(),
              p.load().p50Ms(),
              p.load().p99Ms(),
              p.controlP50Ms(),
              p.controlP99Ms(),
              p.treatmentAnswered(),
              p.shadowScored(),
              p.shadowDropped(),
              p.serverCpuMs(),
              100 * p.others()));
    }
    s.append('\n');
    for (ExperimentBenchmark.Model m : r.models()) {
      List<Point> points = r.points().stream().filter(p -> p.model().equals(m.name())).toList();
      for (int clients : ExperimentBenchmark.CLIENTS) {
        s.append(summary(m.name(), points, clients));
        s.append(noise(m.name(), points, clients));
      }
    }
    double dropped = r.points().stream().mapToDouble(Point::shadowDropped).sum();
    double othersMin = r.points().stream().mapToDouble(Point::others).min().orElse(Double.NaN);
    double othersMax = r.points().stream().mapToDouble(Point::others).max().orElse(Double.NaN);
    s.append(
        f(
            """

            Shadow scoring is deferred work: control answers, and the treatment's score of the
            same image runs alone on the one engine thread only once that thread has had no
            answered request's image to run or decode for 5 ms (`Batcher.SHADOW_IDLE`; at most
            32 shadow images wait, more are dropped and counted). Inference cannot be
            pre-empted, so a shadow score can cost an answer at most one single-image inference
            that started in an idle moment. Closed-loop clients leave no such moment: the shadow
            scores run after each point's last answer (32 per point) and the rest are dropped,
            which is the trade this design makes (answers first, shadow coverage from idle
            capacity). An earlier design that queued shadow images with the answers' images
            raised resnet18's control p50 by 81 %% at 1 client and halved throughput at 4
            (the run of commit 575cdf4). Shadow coverage at an arrival rate below capacity is
            not measured here.
            %s Other processes used %.0f%% to %.0f%% of the
            cores during the points (a shared machine), so single points are noisy; the rounds are what to
            compare.
            """,
            dropped == 0
                ? "No shadow score was dropped in this run (the shadow queue never filled)."
                : f("%,.0f shadow scores were dropped in this run.", dropped),
            100 * othersMin,
            100 * othersMax));
    return s.toString();
  }

  /** One line per client count: each configuration's mean over rounds, against no experiment. */
  private static String summary(String model, List<Point> points, int clients) {
    double noneP50 = mean(points, "none", clients, Point::controlP50Ms);
    double noneP99 = mean(points, "none", clients, Point::controlP99Ms);
    double noneRate = mean(points, "none", clients, p -> p.load().perSecond());
    double noneCpu = mean(points, "none", clients, Point::serverCpuMs);
    StringBuilder s =
        new StringBuilder(
            f(
                "- %s, %d client%s, mean over rounds: no experiment %,.0f img/s, control p50 %.2f ms"
                    + " (rounds %s), p99 %.2f ms, %.2f CPU ms/request",
                model,
                clients,
                clients == 1 ? "" : "s",
                noneRate,
                noneP50,
                list(points, "none", clients, Point::controlP50Ms),
                noneP99,
                noneCpu));
    for (String config : List.of("split", "shadow")) {
      double p50 = mean(points, config, clients, Point::controlP50Ms);
      double p99 = mean(points, config, clients, Point::controlP99Ms);
      double rate = mean(points, config, clients, p -> p.load().perSecond());
      double cpu = mean(points, config, clients, Point::serverCpuMs);
      s.append(
          f(
              "; %s %,.0f img/s (%+.0f%%), control p50 %.2f ms (%+.0f%%; rounds %s), p99 %.2f ms"
                  + " (%+.0f%%), %.2f CPU ms/request (%+.0f%%)",
              config,
              rate,
              100 * (rate / noneRate - 1),
              p50,
              100 * (p50 / noneP50 - 1),
              list(points, config, clients, Point::controlP50Ms),
              p99,
              100 * (p99 / noneP99 - 1),
              cpu,
              100 * (cpu / noneCpu - 1)));
    }
    return s.append(".\n").toString();
  }

  /**
   * Whether control's median with shadow scoring is within the noise: the spread of the
   * no-experiment rounds (largest minus smallest median) against the distance of the means.
   */
  private static String noise(String model, List<Point> points, int clients) {
    double[] none =
        points.stream()
            .filter(p -> p.config().equals("none") && p.clients() == clients)
            .mapToDouble(Point::controlP50Ms)
            .toArray();
    if (none.length < 2) {
      return "";
    }
    double spread =
        java.util.Arrays.stream(none).max().getAsDouble()
            - java.util.Arrays.stream(none).min().getAsDouble();
    double noneP50 = mean(points, "none", clients, Point::controlP50Ms);
    double shadow = mean(points, "shadow", clients, Point::controlP50Ms) - noneP50;
    double split = mean(points, "split", clients, Point::controlP50Ms) - noneP50;
    double noneMax = java.util.Arrays.stream(none).max().getAsDouble();
    double shadowMin =
        points.stream()
            .filter(p -> p.config().equals("shadow") && p.clients() == clients)
            .mapToDouble(Point::controlP50Ms)
            .min()
            .orElse(Double.NaN);
    return f(
        "  - %s, %d client%s: control's p50 moves by %+.3f ms in shadow mode and %+.3f ms in the"
            + " split; the no-experiment rounds alone spread over %.3f ms: shadow %s%s, split"
            + " %s.%n",
        model,
        clients,
        clients == 1 ? "" : "s",
        shadow,
        split,
        spread,
        Math.abs(shadow) <= spread ? "within that noise" : "beyond that noise",
        Math.abs(shadow) <= spread && shadowMin > noneMax
            ? f(
                " (but every shadow round, %.2f ms or more, was slower than every no-experiment"
                    + " round, %.2f ms or less: a small cost that is consistent, not noise)",
                shadowMin, noneMax)
            : "",
        Math.abs(split) <= spread ? "within it" : "beyond it");
  }

  private static String models(Results r) {
    StringBuilder s = new StringBuilder();
    for (ExperimentBenchmark.Model m : r.models()) {
      s.append(f("- **%s**: v1 %s; v2 %s.%n", m.name(), m.v1(), m.v2()));
    }
    return s.toString();
  }

  private static double mean(
      List<Point> points, String config, int clients, ToDoubleFunction<Point> value) {
    return points.stream()
        .filter(p -> p.config().equals(config) && p.clients() == clients)
        .mapToDouble(value)
        .average()
        .orElse(Double.NaN);
  }

  private static String list(
      List<Point> points, String config, int clients, ToDoubleFunction<Point> value) {
    return String.join(
        ", ",
        points.stream()
            .filter(p -> p.config().equals(config) && p.clients() == clients)
            .map(p -> f("%.2f", value.applyAsDouble(p)))
            .toList());
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
