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
            prediction log on as experiments need it) serves model `digits`, %s at 32 px, with two
            registered versions: v1 (%s) and v2 (%s). The server is measured with no experiment,
            with a 50/50 `split` experiment (v1 control, v2 treatment) and with a `shadow`
            experiment (v1 answers, v2 scores the same images off the response path), %d rounds
            of the three in turn; each experiment is started through the registry (a new name each
            time, the previous one stopped) and picked up by `POST /admin/reload`. Closed-loop
            load on 127.0.0.1 at 1 and 4 clients: %,d requests per point after a warm-up of a
            tenth of that (at most %d s per point, after waiting up to %d s for other processes to
            calm down), the example's test digits as 32x32 PNGs, each request's `X-User-Id` one of
            %,d users in turn. "control" latencies are those of the requests control answered (in
            the split, the users the hash sends to control); "treatment answered" and "shadow
            scored/dropped" come from the server's `mlops_experiment_predictions_total` and
            `mlops_shadow_dropped_total`; the server's CPU per request includes the shadow work
            that finished after the last answer; "others" is other processes' share of the two
            cores meanwhile (the machine is shared).

            | round | clients | experiment | requests | img/s | p50 ms | p99 ms | control p50 ms | control p99 ms | treatment answered | shadow scored | shadow dropped | server CPU ms/request | others |
            |---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
            """,
            r.measured(),
            r.machine(),
            r.model(),
            r.v1(),
            r.v2(),
            r.counts().rounds(),
            r.counts().requests(),
            r.counts().pointSeconds(),
            r.counts().quietSeconds(),
            ExperimentBenchmark.USERS));
    for (Point p : r.points()) {
      s.append(
          f(
              "| %d | %d | %s | %,d | %,.0f | %.2f | %.2f | %.2f | %.2f | %,.0f | %,.0f | %,.0f |"
                  + " %.2f | %.0f%% |%n",
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
    for (int clients : ExperimentBenchmark.CLIENTS) {
      s.append(summary(r.points(), clients));
    }
    return s.toString();
  }

  /** One line per client count: each configuration's mean over rounds, against no experiment. */
  private static String summary(List<Point> points, int clients) {
    double noneP50 = mean(points, "none", clients, Point::controlP50Ms);
    double noneP99 = mean(points, "none", clients, Point::controlP99Ms);
    double noneRate = mean(points, "none", clients, p -> p.load().perSecond());
    double noneCpu = mean(points, "none", clients, Point::serverCpuMs);
    StringBuilder s =
        new StringBuilder(
            f(
                "- %d client%s, mean over rounds: no experiment %,.0f img/s, control p50 %.2f ms"
                    + " (rounds %s), p99 %.2f ms, %.2f CPU ms/request",
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
