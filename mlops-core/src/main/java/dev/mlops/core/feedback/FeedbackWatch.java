package dev.mlops.core.feedback;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Json;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.version.VersionRequest;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.registry.ChampionGate;
import dev.mlops.core.registry.ModelRegistry;
import dev.mlops.core.registry.ModelVersionCard;
import dev.mlops.core.registry.PromoteResult;
import dev.mlops.core.registry.Reevaluation;
import dev.mlops.core.registry.RetrainDecision;
import dev.mlops.core.store.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The feedback loop on a machine without CI: every cycle ingests new feedback, asks whether the
 * model behind the alias is due for retraining, and when it is, runs the retraining build (given by
 * the front end: a Maven build for the plugin), then promotes the version trained on the newest
 * data when asked to and the champion gate lets it. Each cycle's outcome is one JSON line in the
 * output file. The registry is opened afresh for every step, because the build writes it from
 * another process.
 */
public final class FeedbackWatch {
  /** Runs the build that trains, evaluates and registers; returns its exit code (0: success). */
  @FunctionalInterface
  public interface Retrainer {
    /** Retrains because of {@code decision}. */
    int retrain(RetrainDecision decision) throws MlopsException;
  }

  private final Path projectDirectory;
  private final ObjectStore store;
  private final Progress progress;

  /** Watches the registry of the Git repository at {@code projectDirectory}. */
  public FeedbackWatch(Path projectDirectory, ObjectStore store, Progress progress) {
    this.projectDirectory = projectDirectory;
    this.store = store;
    this.progress = progress;
  }

  /**
   * Runs {@code config.maxCycles()} cycles (or until the thread is interrupted), pausing {@code
   * intervalSeconds} between them. A cycle that could not run (I/O, Git) is recorded with its error
   * and the next one tries again.
   *
   * @throws InvalidInputException for bad input, which another cycle would not fix
   */
  public List<WatchCycle> run(WatchConfig config, Retrainer retrainer) throws MlopsException {
    List<WatchCycle> cycles = new ArrayList<>();
    for (int n = 1; config.maxCycles() == 0 || n <= config.maxCycles(); n++) {
      String time = Instant.now().toString();
      WatchCycle cycle;
      try {
        cycle = cycle(n, time, config, retrainer);
      } catch (InvalidInputException e) {
        throw e;
      } catch (MlopsException e) {
        cycle =
            new WatchCycle(n, time, 0, null, false, null, null, null, false, null, e.getMessage());
      }
      record(config.output(), cycle);
      progress.info(cycle.summary());
      cycles.add(cycle);
      boolean more = config.maxCycles() == 0 || n < config.maxCycles();
      if (more && !pause(config.intervalSeconds())) {
        break;
      }
    }
    return cycles;
  }

  private WatchCycle cycle(int n, String time, WatchConfig config, Retrainer retrainer)
      throws MlopsException {
    FeedbackIngestResult ingest;
    RetrainDecision decision;
    try (RegistryRepository repo = RegistryRepository.open(projectDirectory)) {
      ingest = new FeedbackIngest(repo, store, progress).ingest(config.ingest());
      ingest.summaryLines().forEach(progress::info);
      decision = models(repo).retrainCheck(config.model(), config.alias());
    }
    String created = ingest.created() ? ingest.card().versionName() : null;
    Integer exit = null;
    Promotion after = new Promotion(null, false, null);
    if (decision.due()) {
      decision.reasons().forEach(r -> progress.info("Retraining due: " + r));
      exit = retrainer.retrain(decision);
      after =
          exit == 0
              ? afterBuild(config, decision)
              : new Promotion(null, false, "the retraining build failed: nothing to promote");
    }
    return new WatchCycle(
        n,
        time,
        ingest.records(),
        created,
        decision.due(),
        decision.reasons(),
        exit,
        after.registered(),
        after.moved(),
        after.said(),
        null);
  }

  /** Finds the version the build trained on the newest data and promotes it when asked to. */
  private Promotion afterBuild(WatchConfig config, RetrainDecision decision) throws MlopsException {
    try (RegistryRepository repo = RegistryRepository.open(projectDirectory)) {
      ModelRegistry models = models(repo);
      Optional<ModelVersionCard> candidate = candidate(models, config.model(), decision);
      if (candidate.isEmpty()) {
        return new Promotion(
            null, false, "no version trained on the newest dataset was registered");
      }
      String registered = "v" + candidate.get().version();
      if (!config.promote()) {
        return new Promotion(registered, false, "not promoted (promote is off)");
      }
      return promote(models, config, candidate.get());
    }
  }

  /** The candidate after a build, whether the alias moved to it, and what the step said. */
  private record Promotion(String registered, boolean moved, String said) {}

  /** Promotes {@code c} through the champion gate; a refusal is an outcome, not a failure. */
  private Promotion promote(ModelRegistry models, WatchConfig config, ModelVersionCard c)
      throws MlopsException {
    String registered = "v" + c.version();
    FeedbackIngestConfig data = config.ingest();
    Reevaluation current =
        Reevaluation.builder()
            .setData(
                data.dataDirectory(),
                new DatasetScanner(Progress.NONE)
                    .scan(new ScanConfig(data.dataDirectory(), data.scanSplit(), null))
                    .manifest())
            .setCacheDirectory(config.cacheDirectory())
            .build();
    ChampionGate gate =
        ChampionGate.of(config.maxRegression()).withMetrics(models.currentDataMetrics(current));
    try {
      PromoteResult result =
          models.promote(
              config.model(),
              config.alias(),
              "v" + c.version(),
              gate,
              false,
              data.push() ? VersionRequest.DEFAULT_REMOTE : null);
      result.summaryLines().forEach(progress::info);
      return new Promotion(registered, result.moved(), last(result.summaryLines()));
    } catch (InvalidInputException e) {
      String refusal = "not promoted: " + e.getMessage();
      progress.warn(refusal);
      return new Promotion(registered, false, refusal);
    }
  }

  /**
   * The newest version trained on the dataset version the decision calls newest (a build whose
   * model was registered before reports that version); without a dataset, the newest version.
   */
  private static Optional<ModelVersionCard> candidate(
      ModelRegistry models, String model, RetrainDecision decision) throws MlopsException {
    return models.list(model).stream()
        .filter(
            c ->
                decision.dataset() == null
                    || (c.dataset() != null
                        && c.dataset().name().equals(decision.dataset())
                        && c.dataset().version() >= decision.latestDatasetVersion()))
        .max(Comparator.comparingInt(ModelVersionCard::version));
  }

  private ModelRegistry models(RegistryRepository repo) {
    return new ModelRegistry(repo, store, progress);
  }

  private static String last(List<String> lines) {
    return lines.isEmpty() ? null : lines.get(lines.size() - 1);
  }

  /** Appends the cycle as one JSON line, so a crash loses at most the line being written. */
  private static void record(Path output, WatchCycle cycle) throws MlopsException {
    try {
      Files.createDirectories(output.toAbsolutePath().getParent());
      byte[] line =
          (new String(Json.canonical(cycle), StandardCharsets.UTF_8) + "\n")
              .getBytes(StandardCharsets.UTF_8);
      Files.write(output, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new MlopsException("cannot write the watch outcome to " + output + ": " + e, e);
    }
  }

  /** Sleeps between cycles; false when interrupted (the watch then ends). */
  private static boolean pause(long seconds) {
    try {
      TimeUnit.SECONDS.sleep(seconds);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
