package dev.mlops.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.mlops.core.Engines;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.image.Augmentation;
import dev.mlops.core.image.ImageLoader;
import dev.mlops.core.model.DjlModels;
import dev.mlops.core.model.GraphBlock;
import dev.mlops.core.model.LayerGraph;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.model.ModelWeights;
import dev.mlops.core.model.WarmStart;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The training loop of one fingerprint: initialise (or warm-start, or restore the checkpoint), then
 * per epoch seed the engine from (seed, epoch), train, validate, keep the best weights and
 * checkpoint; finally write the best epoch's model files. Every random choice of an epoch depends
 * only on (seed, epoch), so a run resumed from the checkpoint of epoch k computes exactly what the
 * uninterrupted run computed from epoch k+1 on.
 */
final class TrainingRun {
  /** Multiplier spreading the per-epoch engine seeds (a prime, so nearby seeds do not collide). */
  static final long EPOCH_SEED_STRIDE = 1_000_003L;

  /**
   * Serialises training in a JVM (parallel Maven builds): the engine's random generator, its thread
   * count and PyTorch's gradient recording are process-wide, so two interleaved runs would change
   * each other's numbers.
   */
  static final Object ENGINE_LOCK = new Object();

  private final TrainingRequest request;
  private final TrainingPlan plan;
  private final TrainingConfig config;
  private final Progress progress;
  private final Checkpoint checkpoint;

  /** What the loop produced. */
  record Outcome(TrainingHistory history, boolean resumed, long parameterCount) {}

  TrainingRun(TrainingRequest request, TrainingPlan plan, Progress progress) {
    this.request = request;
    this.plan = plan;
    this.config = request.config();
    this.progress = progress;
    this.checkpoint = new Checkpoint(request.workDir());
  }

  /** The engine seed of epoch {@code epoch}: dropout masks depend on nothing else. */
  static long epochSeed(long seed, int epoch) {
    return seed * EPOCH_SEED_STRIDE + epoch;
  }

  /** Trains (or resumes) and writes the model files of the best epoch into the output dir. */
  Outcome run() throws MlopsException {
    synchronized (ENGINE_LOCK) {
      return runLocked();
    }
  }

  private Outcome runLocked() throws MlopsException {
    try {
      return train(resumableState());
    } catch (IOException e) {
      throw new MlopsException(
          "cannot write the checkpoint or model in "
              + request.workDir()
              + " / "
              + request.outputDir()
              + ": "
              + e.getMessage()
              + "; check free space and permissions",
          e);
    }
  }

  private Outcome train(Optional<Checkpoint.State> resume) throws MlopsException, IOException {
    Engine engine = ComputeThreads.engine(config.threads());
    LayerGraph graph = plan.graph();
    try (NDManager manager = engine.newBaseManager();
        ParameterUpdater updater = ParameterUpdater.create(config, manager);
        ImageLoader trainLoader = loader(plan.data().train(), config.augmentation(), true);
        ImageLoader valLoader = loader(plan.data().val(), Augmentation.NONE, false)) {
      GraphBlock block = DjlModels.block(graph);
      DjlModels.initialize(block, manager, graph.channels(), graph.inputSize(), config.seed());
      List<EpochStats> history = new ArrayList<>();
      byte[] bestParams = start(resume, block, manager, updater, history);
      Shape image = new Shape(graph.channels(), graph.inputSize(), graph.inputSize());
      Learner learner = new Learner(engine, block, manager, updater, image);
      EpochRunner runner = new EpochRunner(learner, trainLoader, valLoader, config, progress);
      bestParams = loop(runner, learner, block, updater, history, bestParams);
      Checkpoint.loadParameterBytes(block, manager, bestParams);
      ModelFiles.save(
          request.outputDir(), graph, block, plan.data().labels(), plan.preprocessing());
      boolean stoppedEarly = history.size() < config.epochs();
      TrainingHistory done =
          new TrainingHistory(
              history, TrainingHistory.bestOf(history), stoppedEarly, plan.data().validation());
      return new Outcome(done, resume.isPresent(), DjlModels.parameterCount(block));
    }
  }

  /**
   * Brings the freshly initialised block to its starting point: the checkpoint's weights, optimizer
   * state and history when resuming, else the warm-start file when configured. Returns the best
   * weights so far (null before the first epoch).
   */
  private byte[] start(
      Optional<Checkpoint.State> resume,
      GraphBlock block,
      NDManager manager,
      ParameterUpdater updater,
      List<EpochStats> history)
      throws MlopsException {
    if (resume.isPresent()) {
      byte[] bestParams = restore(block, manager, updater);
      history.addAll(resume.get().history());
      progress.info(
          "resuming from the checkpoint of epoch "
              + resume.get().epoch()
              + " in "
              + checkpoint.file()
              + " (same fingerprint)");
      return bestParams;
    }
    if (plan.initFrom() != null) {
      WarmStart warmStart = ModelWeights.loadInto(block, plan.initFrom(), false);
      progress.info(warmStart.summary());
      warmStart.warning().ifPresent(progress::warn);
    }
    return null;
  }

  private byte[] loop(
      EpochRunner runner,
      Learner learner,
      GraphBlock block,
      ParameterUpdater updater,
      List<EpochStats> history,
      byte[] bestSoFar)
      throws MlopsException, IOException {
    byte[] bestParams = bestSoFar;
    StepLr schedule = StepLr.of(config);
    for (int epoch = history.size() + 1; epoch <= config.epochs(); epoch++) {
      if (patienceExhausted(history)) {
        break;
      }
      setPhase(learner, epoch, epoch == history.size() + 1);
      Engines.seed(epochSeed(config.seed(), epoch));
      EpochStats stats = runner.run(epoch, schedule.rate(epoch));
      EpochStats previousBest = history.isEmpty() ? null : bestStats(history);
      history.add(stats);
      boolean improved = stats.betterThan(previousBest);
      if (improved) {
        bestParams = Checkpoint.parameterBytes(block);
      }
      checkpoint.write(
          Checkpoint.State.after(plan.fingerprint().value(), epoch, history, config.seed()),
          bestParams,
          block,
          updater);
      progress.info(epochLine(stats, improved));
    }
    if (patienceExhausted(history) && history.size() < config.epochs()) {
      progress.info(
          "early stopping: no better val accuracy for "
              + config.patience()
              + " epochs (best epoch "
              + TrainingHistory.bestOf(history)
              + ")");
    }
    return bestParams;
  }

  /**
   * Freezes or unfreezes the backbone for {@code epoch}: the phase is a function of the epoch, so a
   * resumed run is in the phase the uninterrupted one was. Says so when the phase starts.
   */
  private void setPhase(Learner learner, int epoch, boolean firstOfThisRun) {
    boolean frozen = config.backboneFrozenIn(epoch);
    learner.freezeBackbone(frozen, config.backboneRateFactor());
    if (frozen && firstOfThisRun) {
      progress.info(
          "backbone frozen: training the head ("
              + plan.graph().head()
              + ") only"
              + (config.unfreezeAfter() > 0 ? " until epoch " + config.unfreezeAfter() : ""));
    } else if (!frozen && config.freezeBackbone() && epoch == config.unfreezeAfter() + 1) {
      progress.info(
          String.format(
              Locale.ROOT,
              "epoch %d: unfreezing the backbone; it trains at %s x the learning rate",
              epoch,
              java.math.BigDecimal.valueOf(config.backboneLrFactor())
                  .stripTrailingZeros()
                  .toPlainString()));
    }
  }

  private byte[] restore(GraphBlock block, NDManager manager, ParameterUpdater updater)
      throws MlopsException {
    try {
      return checkpoint.restore(block, manager, updater);
    } catch (IOException e) {
      throw new MlopsException(
          "cannot resume from "
              + checkpoint.file()
              + ": "
              + e.getMessage()
              + "; delete it to train from epoch 1",
          e);
    }
  }

  private boolean patienceExhausted(List<EpochStats> history) {
    return TrainingHistory.patienceExhausted(history, config.patience());
  }

  private static EpochStats bestStats(List<EpochStats> history) {
    return history.get(TrainingHistory.bestOf(history) - 1);
  }

  private Optional<Checkpoint.State> resumableState() throws IOException {
    checkpoint.deleteTemporaryFiles();
    Optional<Checkpoint.State> state = checkpoint.readState();
    if (state.isPresent() && !state.get().fingerprint().equals(plan.fingerprint().value())) {
      progress.info(
          "ignoring the checkpoint in "
              + checkpoint.file()
              + ": it belongs to another run (fingerprint "
              + state.get().fingerprint().substring(0, 12)
              + "); training from epoch 1");
      return Optional.empty();
    }
    return state;
  }

  private ImageLoader loader(
      List<dev.mlops.core.image.LabeledImage> images, Augmentation augmentation, boolean shuffle) {
    int workers = config.workers();
    return new ImageLoader(
        images,
        plan.preprocessing(),
        augmentation,
        config.batchSize(),
        shuffle,
        config.seed(),
        workers,
        Math.max(2, 2 * workers));
  }

  private String epochLine(EpochStats s, boolean improved) {
    return String.format(
        Locale.ROOT,
        "epoch %d/%d done: train loss %.3f acc %.3f, val loss %.3f acc %.3f%s, lr %s, %.1f s,"
            + " %.1f img/s, loader wait %.1f s, compute %.1f s",
        s.epoch(),
        config.epochs(),
        s.trainLoss(),
        s.trainAccuracy(),
        s.valLoss(),
        s.valAccuracy(),
        improved ? " (best so far)" : "",
        java.math.BigDecimal.valueOf(s.learningRate()).stripTrailingZeros().toPlainString(),
        s.seconds(),
        s.imagesPerSecond(),
        s.loaderWaitSeconds(),
        s.computeSeconds());
  }
}
