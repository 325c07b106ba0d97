package dev.mlops.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Json;
import dev.mlops.core.experiment.Experiment;
import dev.mlops.core.experiment.ExperimentMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
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
 * <p>Two models: cnn-small at 32 px (v1 the serving benchmark's, v2 another training of it) and,
 * when its request count is above 0, resnet18 at 224 px (two trainings of one epoch on the same
 * digits), where inference dominates and shadow scoring costs most.
 *
 * <p>Usage: {@code ExperimentBenchmark <work dir> <docs/benchmarks.md> <example data dir>
 * <mlops-serving runnable jar> [requests per point for cnn-small] [requests per point for resnet18,
 * 0: skip it] [rounds] [seconds a point may wait for a quiet machine] [seconds a point may
 * measure]}; defaults 10000, 0, 3, 30, 60.
 */
public final class ExperimentBenchmark {
  static final int[] CLIENTS = {1, 4};
  static final int USERS = 1000;
  static final List<String> CONFIGS = List.of("none", "split", "shadow");

  /**
   * Settings of the run.
   *
   * @param requests requests per point
   * @param rounds how often each configuration is measured (none, split, shadow in turn)
   */
  record Counts(int small, int large, int rounds, int quietSeconds, int pointSeconds) {}

  /**
   * One served model and its two versions.
   *
   * @param name architecture and input size, as the section shows them
   * @param v1 how v1 (production, control) was made
   * @param v2 how v2 (treatment) was made
   * @param requests requests per point
   */
  record Model(String name, String v1, String v2, int requests) {}

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
      String model,
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
      List<Model> models,
      Counts counts,
      List<JsonNode> banners,
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
            intArg(args, 4, 10_000),
            intArg(args, 5, 0),
            intArg(args, 6, 3),
            intArg(args, 7, 30),
            intArg(args, 8, 60));
    Path dir = work.resolve("experiments");
    // cnn-small v1 is the serving benchmark's (reused when it was trained before); v2 another
    // training of it with another seed and fewer epochs: a different version of the same cost.
    ServingModels.Served small1 =
        ServingModels.cnnSmall(work.resolve("serving/cnn-small-32"), data);
    ServingModels.Served small2 =
        ServingModels.cnnSmall(
            dir.resolve("cnn-small-32-v2"), data, Map.of("seed", "2", "epochs", "4"));
    List<Model> models = new ArrayList<>();
    List<JsonNode> banners = new ArrayList<>();
    List<Point> points = new ArrayList<>();
    Model small =
        new Model(
            "cnn-small 32 px", small1.weights(), "the same, seed 2 and 4 epochs", counts.small());
    models.add(small);
    measure(small, small1, small2, dir.resolve("cnn-small"), data, jar, counts, banners, points);
    if (counts.large() > 0) {
      // Trained, not random: a registered version must point at the data it was trained on.
      Map<String, String> resnet = Map.of("architecture", "resnet18", "inputSize", "224");
      ServingModels.Served large1 =
          ServingModels.cnnSmall(
              dir.resolve("resnet18-224-v1"), data, with(resnet, "seed", "1", "epochs", "1"));
      ServingModels.Served large2 =
          ServingModels.cnnSmall(
              dir.resolve("resnet18-224-v2"), data, with(resnet, "seed", "2", "epochs", "1"));
      Model large =
          new Model(
              "resnet18 224 px",
              "one epoch on the example's digits (seed 1), the 32x32 requests resized to 224",
              "the same, seed 2",
              counts.large());
      models.add(large);
      measure(large, large1, large2, dir.resolve("resnet18"), data, jar, counts, banners, points);
    }
    Results results =
        new Results(
            LocalDate.now().toString(), ServingRows.machine(), models, counts, banners, points);
    Files.write(dir.resolve("results.json"), Json.pretty(results));
    String section = ExperimentRows.section(results);
    System.out.println(section);
    DataBenchmark.Docs.replaceSection(docs, "serving-experiments", section);
  }

  private static Map<String, String> with(Map<String, String> base, String... pairs) {
    Map<String, String> out = new java.util.HashMap<>(base);
    for (int i = 0; i < pairs.length; i += 2) {
      out.put(pairs[i], pairs[i + 1]);
    }
    return out;
  }

  /**
   * One model: a registry with both versions, one server following it, a warm-up, then the rounds.
   */
  private static void measure(
      Model model,
      ServingModels.Served v1,
      ServingModels.Served v2,
      Path dir,
      Path data,
      Path jar,
      Counts counts,
      List<JsonNode> banners,
      List<Point> points)
      throws Exception {
    ExperimentProject project = ExperimentProject.create(dir.resolve("registry"), data, v1, v2);
    Path logs = dir.resolve("logs");
    Files.createDirectories(logs);
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
      banners.add(server.banner());
      // The JIT and the model's first calls: without this the first round is the slowest.
      load.warm(4, model.requests(), counts.pointSeconds());
      for (int round = 1; round <= counts.rounds(); round++) {
        for (String config : CONFIGS) {
          points.addAll(configuration(project, server, load, model, config, round, counts));
        }
      }
    }
  }

  /** Starts the configuration's experiment (if any), measures each point, stops it again. */
  private static List<Point> configuration(
      ExperimentProject project,
      ServerProcess server,
      LoadGenerator load,
      Model model,
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
      Point p =
          ExperimentPoints.point(server, load, experiment, model, config, round, clients, counts);
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

  private static int intArg(String[] args, int index, int fallback) {
    return args.length > index ? Integer.parseInt(args[index]) : fallback;
  }
}
