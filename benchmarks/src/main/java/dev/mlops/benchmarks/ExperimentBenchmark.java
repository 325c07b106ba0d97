package dev.mlops.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Json;
import dev.mlops.core.experiment.Assignment;
import dev.mlops.core.experiment.Experiment;
import dev.mlops.core.experiment.ExperimentMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What an A/B experiment costs the answers of {@code mlops-serving}: one server process (the
 * runnable jar following {@code production} of a registry with two cnn-small versions) measured
 * with no experiment, a 50/50 split and a shadow experiment, in rounds so that each configuration
 * is measured more than once and the round-to-round spread shows the noise. Experiments are started
 * and stopped through the registry and picked up by {@code POST /admin/reload}, as a running server
 * picks them up by its poll. Every request names one of {@link #USERS} users, so a split routes
 * about half of them to the treatment. Writes the "serving-experiments" section of {@code
 * docs/benchmarks.md}.
 *
 * <p>Usage: {@code ExperimentBenchmark <work dir> <docs/benchmarks.md> <example data dir>
 * <mlops-serving runnable jar> [requests per point] [rounds] [seconds a point may wait for a quiet
 * machine] [seconds a point may measure]}; defaults 2000, 2, 30, 30.
 */
public final class ExperimentBenchmark {
  static final int[] CLIENTS = {1, 4};
  static final int USERS = 1000;
  static final List<String> CONFIGS = List.of("none", "split", "shadow");

  /** How long a point waits for the shadow work it caused to finish (never a hang). */
  private static final long DRAIN_SECONDS = 60;

  /**
   * Settings of the run.
   *
   * @param requests requests per point
   * @param rounds how often each configuration is measured (none, split, shadow in turn)
   */
  record Counts(int requests, int rounds, int quietSeconds, int pointSeconds) {}

  /**
   * One measured point.
   *
   * @param config {@code none}, {@code split} or {@code shadow}
   * @param load every request's measurements
   * @param controlRequests requests control answered (all but the treatment's in a split)
   * @param controlP50Ms median latency of the requests control answered
   * @param controlP99Ms their 99th percentile
   * @param treatmentAnswered requests the treatment answered (split; the server's metrics)
   * @param shadowScored images the treatment scored in shadow (the server's metrics)
   * @param shadowDropped shadow scores dropped (any reason)
   * @param serverCpuMs the server's CPU time per request, shadow work that finished after the last
   *     answer included
   * @param others other processes' share of the cores meanwhile (0 to 1)
   */
  record Point(
      String config,
      int round,
      int clients,
      LoadGenerator.Result load,
      int controlRequests,
      double controlP50Ms,
      double controlP99Ms,
      double treatmentAnswered,
      double shadowScored,
      double shadowDropped,
      double serverCpuMs,
      double others) {}

  /** Everything the section is written from, saved as {@code results.json}. */
  record Results(
      String measured,
      String machine,
      String model,
      String v1,
      String v2,
      Counts counts,
      JsonNode banner,
      List<Point> points) {}

  private ExperimentBenchmark() {}

  /** Runs the benchmark, or with {@code --render <results.json> <docs>} rewrites the section. */
  public static void main(String[] args) throws Exception {
    if (args[0].equals("--render")) {
      Results r = Json.mapper().readValue(Path.of(args[1]).toFile(), Results.class);
      DataBenchmark.Docs.replaceSection(
          Path.of(args[2]), "serving-experiments", ExperimentRows.section(r));
      return;
    }
    Path work = Path.of(args[0]);
    Path docs = Path.of(args[1]);
    Path data = Path.of(args[2]);
    Path jar = Path.of(args[3]);
    Counts counts =
        new Counts(
            intArg(args, 4, 2000), intArg(args, 5, 2), intArg(args, 6, 30), intArg(args, 7, 30));
    // v1 is the serving benchmark's cnn-small (reused when it was trained before); v2 another
    // training of it with another seed and fewer epochs: a different version of the same cost.
    ServingModels.Served v1 = ServingModels.cnnSmall(work.resolve("serving/cnn-small-32"), data);
    ServingModels.Served v2 =
        ServingModels.cnnSmall(
            work.resolve("experiments/cnn-small-32-v2"), data, Map.of("seed", "2", "epochs", "4"));
    Path dir = work.resolve("experiments");
    ExperimentProject project = ExperimentProject.create(dir.resolve("registry"), data, v1, v2);
    List<Point> points = new ArrayList<>();
    JsonNode banner;
    Path logs = dir.resolve("logs");
    try (ServerProcess server =
            ServerProcess.registry(
                jar,
                project.project,
                project.store,
                ExperimentProject.MODEL,
                logs.resolve("predictions"),
                logs.resolve("server.log"));
        LoadGenerator load =
            new LoadGenerator(
                server.port(), "/predictions/" + ExperimentProject.MODEL, v1.images(), USERS)) {
      banner = server.banner();
      for (int round = 1; round <= counts.rounds(); round++) {
        for (String config : CONFIGS) {
          points.addAll(configuration(project, server, load, config, round, counts));
        }
      }
    }
    Results results =
        new Results(
            LocalDate.now().toString(),
            ServingRows.machine(),
            v1.name(),
            v1.weights(),
            "the same, seed 2 and 4 epochs",
            counts,
            banner,
            points);
    Files.write(dir.resolve("results.json"), Json.pretty(results));
    String section = ExperimentRows.section(results);
    System.out.println(section);
    DataBenchmark.Docs.replaceSection(docs, "serving-experiments", section);
  }

  /** Starts the configuration's experiment (if any), measures each point, stops it again. */
  private static List<Point> configuration(
      ExperimentProject project,
      ServerProcess server,
      LoadGenerator load,
      String config,
      int round,
      Counts counts)
      throws Exception {
    Experiment experiment = null;
    if (!config.equals("none")) {
      String name = config + "-" + round;
      experiment =
          project.start(
              name, config.equals("shadow") ? ExperimentMode.SHADOW : ExperimentMode.SPLIT, 0.5);
      reload(load, name);
    }
    List<Point> points = new ArrayList<>();
    for (int clients : CLIENTS) {
      Point p = point(server, load, experiment, config, round, clients, counts);
      System.out.println(p);
      points.add(p);
    }
    if (experiment != null) {
      project.stop(experiment.name());
      reload(load, null);
    }
    return points;
  }

  /** Tells the server to check the registry; fails unless it now serves {@code experiment}. */
  private static void reload(LoadGenerator load, String experiment) throws Exception {
    JsonNode answer = Json.mapper().readTree(load.post("/admin/reload"));
    String serving = answer.path("experiment").isNull() ? null : answer.path("experiment").asText();
    if (!java.util.Objects.equals(serving, experiment)) {
      throw new IllegalStateException("after the reload the server serves " + answer);
    }
  }

  private static Point point(
      ServerProcess server,
      LoadGenerator load,
      Experiment experiment,
      String config,
      int round,
      int clients,
      Counts counts)
      throws Exception {
    ServingMeasures.quiet(server, counts.quietSeconds());
    load.warm(clients, Math.max(2 * clients, counts.requests() / 10), counts.pointSeconds() / 4.0);
    drain(load);
    String name = experiment == null ? "" : experiment.name();
    CpuShare start = CpuShare.now();
    long ticks = server.cpuTicks();
    Map<String, Double> before = ServingMeasures.scrape(load);
    LoadGenerator.Timed t = load.measureEach(clients, counts.requests(), counts.pointSeconds());
    drain(load);
    long used = server.cpuTicks() - ticks;
    Map<String, Double> after = ServingMeasures.scrape(load);
    long[] control = controlNanos(load, experiment, t);
    return new Point(
        config,
        round,
        clients,
        t.result(),
        control.length,
        control.length == 0 ? Double.NaN : LoadGenerator.percentile(control, 50) / 1e6,
        control.length == 0 ? Double.NaN : LoadGenerator.percentile(control, 99) / 1e6,
        config.equals("split")
            ? delta(before, after, "experiment_predictions", name, "treatment")
            : 0,
        config.equals("shadow")
            ? delta(before, after, "experiment_predictions", name, "treatment")
            : 0,
        delta(before, after, "shadow_dropped", name, ""),
        1000 * ServerProcess.seconds(used) / t.result().requests(),
        CpuShare.othersSince(start, used));
  }

  /** The sorted latencies of the requests control answered (a split's control users only). */
  private static long[] controlNanos(
      LoadGenerator load, Experiment experiment, LoadGenerator.Timed t) {
    if (experiment == null || experiment.mode() == ExperimentMode.SHADOW) {
      long[] all = t.nanos().clone();
      Arrays.sort(all);
      return all;
    }
    long[] kept = new long[t.nanos().length];
    int n = 0;
    for (int i = 0; i < kept.length; i++) {
      if (Assignment.variant(experiment, load.user(t.ids()[i])).equals(Assignment.CONTROL)) {
        kept[n++] = t.nanos()[i];
      }
    }
    long[] control = Arrays.copyOf(kept, n);
    Arrays.sort(control);
    return control;
  }

  /**
   * The growth of the server's {@code mlops_<metric>_total} samples of {@code experiment} (and
   * {@code variant}, when given) between two scrapes, summed over their other labels.
   */
  private static double delta(
      Map<String, Double> before,
      Map<String, Double> after,
      String metric,
      String experiment,
      String variant) {
    double sum = 0;
    for (Map.Entry<String, Double> e : after.entrySet()) {
      String key = e.getKey();
      if (key.startsWith("mlops_" + metric + "_total{")
          && key.contains("experiment=\"" + experiment + "\"")
          && (variant.isEmpty() || key.contains("variant=\"" + variant + "\""))) {
        sum += e.getValue() - before.getOrDefault(key, 0.0);
      }
    }
    return sum;
  }

  /**
   * Waits (bounded) until no shadow work is pending, so it is counted in the point it belongs to.
   */
  private static void drain(LoadGenerator load) throws Exception {
    long deadline = System.nanoTime() + DRAIN_SECONDS * 1_000_000_000L;
    while (ServingMeasures.scrape(load).getOrDefault("mlops_shadow_pending", 0.0) > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("shadow work still pending after " + DRAIN_SECONDS + " s");
      }
      Thread.sleep(20);
    }
  }

  private static int intArg(String[] args, int index, int fallback) {
    return args.length > index ? Integer.parseInt(args[index]) : fallback;
  }
}
