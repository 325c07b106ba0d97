package dev.mlops.core.train;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@code train} stage: turns a dataset and a {@link TrainingConfig} into a model directory
 * ({@code params}, {@code graph.json}, {@code labels.json}, {@code preprocessing.json}, {@code
 * history.json}, {@code card.json}, {@code fingerprint}), doing as little as the fingerprint
 * allows:
 *
 * <ol>
 *   <li>the model directory already has this fingerprint: {@link TrainingStatus#UP_TO_DATE}, no
 *       engine loaded;
 *   <li>the run cache has it: the files are restored with verified hashes ({@link
 *       TrainingStatus#RESTORED_FROM_CACHE});
 *   <li>the work directory holds a checkpoint of it: training continues from there ({@link
 *       TrainingStatus#RESUMED});
 *   <li>otherwise it trains ({@link TrainingStatus#TRAINED}) and adds the result to the run cache.
 * </ol>
 *
 * <p>Same inputs on the same machine give byte-identical {@code params}, interrupted or not.
 */
public final class ModelTrainer {
  private final Progress progress;
  private final List<ModelCompanion> companions;

  /** Creates a trainer reporting to {@code progress}, writing no companion files. */
  public ModelTrainer(Progress progress) {
    this(progress, List.of());
  }

  /**
   * Creates a trainer reporting to {@code progress} that keeps {@code companions} (such as the
   * drift baseline) with every model it trains or restores.
   */
  public ModelTrainer(Progress progress, List<ModelCompanion> companions) {
    this.progress = progress;
    this.companions = List.copyOf(companions);
  }

  /**
   * Makes {@code request.outputDir()} hold the model of the request's inputs.
   *
   * @throws dev.mlops.core.InvalidInputException when the data or configuration is unusable
   *     (message names the file or setting and the fix)
   * @throws MlopsException when files cannot be read or written or the engine fails
   */
  public TrainingResult train(TrainingRequest request) throws MlopsException {
    long start = System.nanoTime();
    Instant startedAt = Instant.now();
    TrainingPlan plan = TrainingPlan.of(request, progress);
    String fingerprint = plan.fingerprint().value();
    Path out = request.outputDir();
    if (ModelOutputs.upToDate(out, fingerprint)) {
      progress.info(
          "model in " + out + " is up to date (fingerprint " + shortId(fingerprint) + ")");
      new Checkpoint(request.workDir()).deleteIfOf(fingerprint);
      ensureCompanions(request, plan);
      return existing(TrainingStatus.UP_TO_DATE, fingerprint, out, start);
    }
    Optional<TrainingResult> restored = restoreFromCache(request, fingerprint, start);
    if (restored.isPresent()) {
      ensureCompanions(request, plan);
      return restored.get();
    }
    progress.info(plan.graph().summary());
    progress.info(
        String.format(
            "training on %d images, validating on %d (%s), fingerprint %s",
            plan.data().train().size(),
            plan.data().val().size(),
            plan.data().validation(),
            shortId(fingerprint)));
    try {
      return trainAndWrite(request, plan, start, startedAt);
    } catch (IOException e) {
      throw new MlopsException(
          "cannot write the model to " + out + ": " + e + "; check free space and permissions", e);
    }
  }

  /**
   * Trains, then writes history and card, adds the run to the cache, and seals the directory with
   * the fingerprint; the checkpoint goes last, once nothing needs it.
   */
  private TrainingResult trainAndWrite(
      TrainingRequest request, TrainingPlan plan, long start, Instant startedAt)
      throws MlopsException, IOException {
    String fingerprint = plan.fingerprint().value();
    Path out = request.outputDir();
    ModelOutputs.invalidate(out);
    TrainingRun.Outcome outcome = new TrainingRun(request, plan, progress).run();
    TrainingStatus status = outcome.resumed() ? TrainingStatus.RESUMED : TrainingStatus.TRAINED;
    double seconds = (System.nanoTime() - start) / 1e9;
    outcome.history().write(out);
    Cards.of(request, plan, outcome, status, startedAt, seconds).write(out);
    writeCompanions(request, plan, companions);
    if (request.runCache() != null) {
      new RunCache(request.runCache()).add(fingerprint, out, ModelOutputs.cached(companions));
    }
    ModelOutputs.seal(out, fingerprint);
    new Checkpoint(request.workDir()).delete();
    EpochStats best = outcome.history().best();
    return new TrainingResult(
        status,
        fingerprint,
        best.epoch(),
        best.valAccuracy(),
        outcome.history(),
        outcome.parameterCount(),
        seconds,
        out);
  }

  /**
   * Adds the companion files a model lacks (trained before they existed, or restored from an older
   * cache entry) without retraining.
   */
  private void ensureCompanions(TrainingRequest request, TrainingPlan plan) throws MlopsException {
    List<ModelCompanion> missing =
        companions.stream()
            .filter(c -> !Files.isRegularFile(request.outputDir().resolve(c.file())))
            .toList();
    for (ModelCompanion c : missing) {
      progress.info("the model has no " + c.file() + " yet; computing it (the model is unchanged)");
    }
    writeCompanions(request, plan, missing);
  }

  private void writeCompanions(
      TrainingRequest request, TrainingPlan plan, List<ModelCompanion> which)
      throws MlopsException {
    if (which.isEmpty()) {
      return;
    }
    TrainingConfig config = request.config();
    TrainedModel model =
        new TrainedModel(
            request.outputDir(),
            plan.fingerprint().value(),
            request.dataDirectory(),
            request.manifest(),
            plan.data().train(),
            plan.data().val(),
            config.batchSize(),
            config.workers());
    synchronized (TrainingRun.ENGINE_LOCK) {
      ComputeThreads.engine(config.threads());
      for (ModelCompanion c : which) {
        c.write(model);
      }
    }
  }

  private Optional<TrainingResult> restoreFromCache(
      TrainingRequest request, String fingerprint, long start) throws MlopsException {
    if (request.runCache() == null) {
      return Optional.empty();
    }
    RunCache cache = new RunCache(request.runCache());
    Path out = request.outputDir();
    try {
      Optional<RunCache.Entry> entry = cache.find(fingerprint);
      if (entry.isEmpty()) {
        return Optional.empty();
      }
      ModelOutputs.invalidate(out);
      cache.restore(entry.get(), out);
      ModelOutputs.seal(out, fingerprint);
    } catch (StoreException | IOException e) {
      progress.warn(
          "the run cache entry "
              + cache.indexFile(fingerprint)
              + " cannot be used ("
              + e.getMessage()
              + "); training instead");
      return Optional.empty();
    }
    progress.info(
        "restored the model of fingerprint "
            + shortId(fingerprint)
            + " from the run cache in "
            + request.runCache().root()
            + " (hashes verified); not training");
    return Optional.of(existing(TrainingStatus.RESTORED_FROM_CACHE, fingerprint, out, start));
  }

  private static TrainingResult existing(
      TrainingStatus status, String fingerprint, Path out, long start) throws MlopsException {
    try {
      ModelCard card = ModelCard.read(out);
      TrainingHistory history = TrainingHistory.read(out);
      return new TrainingResult(
          status,
          fingerprint,
          card.bestEpoch(),
          card.valAccuracy(),
          history,
          card.parameters(),
          (System.nanoTime() - start) / 1e9,
          out);
    } catch (IOException e) {
      throw new MlopsException(
          "cannot read the model card or history in "
              + out
              + ": "
              + e
              + "; delete "
              + out
              + " to train again",
          e);
    }
  }

  private static String shortId(String fingerprint) {
    return fingerprint.substring(0, 12);
  }
}
