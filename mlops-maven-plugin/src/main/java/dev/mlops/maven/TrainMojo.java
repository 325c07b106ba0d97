package dev.mlops.maven;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.Remedy;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.ScanResult;
import dev.mlops.core.drift.BaselineWriter;
import dev.mlops.core.features.FeatureStore;
import dev.mlops.core.features.StoredObservations;
import dev.mlops.core.image.Augmentation;
import dev.mlops.core.train.ModelTrainer;
import dev.mlops.core.train.OptimizerKind;
import dev.mlops.core.train.TrainingConfig;
import dev.mlops.core.train.TrainingRequest;
import dev.mlops.core.train.TrainingResult;
import java.io.File;
import java.util.List;
import java.util.Locale;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Trains the image classifier on the project's dataset with DJL on PyTorch and writes it to {@code
 * target/mlops/model}. Skipped when the model there was trained from the same data, graph,
 * hyperparameters and seed ("up to date"); restored from the store's run cache when that training
 * was done before; resumed from the last checkpoint after an interrupted build. The model files are
 * attached to the project as a zip (classifier {@code model}).
 */
@Mojo(name = "train", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true)
public final class TrainMojo extends AbstractMlopsMojo {
  /**
   * Skips this goal.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.train.skip", defaultValue = "false")
  private boolean skipTrain;

  /**
   * Architecture: {@code cnn-small}, {@code resnet18} or {@code resnet34} (torchvision layouts).
   * Default cnn-small.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.train.architecture")
  private String architecture;

  /**
   * Images are resized to inputSize x inputSize. Default 224.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.train.inputSize")
  private Integer inputSize;

  /**
   * Image channels (1 gray, 3 RGB). Default: detected from the data.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.train.channels")
  private Integer channels;

  /**
   * Passes over the training split. Default 10.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.train.epochs")
  private Integer epochs;

  /**
   * Images per batch. Default 32.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.train.batchSize")
  private Integer batchSize;

  /**
   * Initial learning rate. Default 0.001.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.train.learningRate")
  private Double learningRate;

  /**
   * {@code adam} or {@code sgd} (with momentum). Default adam.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.train.optimizer")
  private String optimizer;

  /**
   * SGD momentum. Default 0.9.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.train.momentum")
  private Double momentum;

  /**
   * L2 weight decay. Default 0.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.train.weightDecay")
  private Double weightDecay;

  /**
   * StepLR: epochs between learning-rate drops. Default 5.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.train.lrStepSize")
  private Integer lrStepSize;

  /**
   * StepLR: factor of each drop. Default 0.5.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.train.lrGamma")
  private Double lrGamma;

  /**
   * Early stopping after this many epochs without a better val accuracy (0 off).
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.train.patience")
  private Integer patience;

  /**
   * Seed of initialisation, shuffling, augmentation and dropout. Default 42.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.train.seed")
  private Long seed;

  /**
   * Engine compute threads. Default: one per core.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.train.threads")
  private Integer threads;

  /**
   * Image loading threads.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.train.workers")
  private Integer workers;

  /**
   * A progress line every this many batches. Default: about four per epoch.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.train.logEvery")
  private Integer logEvery;

  /**
   * Warm start from a params file (or a model directory), or from an ONNX export of a torchvision
   * resnet18/resnet34 (imported by structure; see the README); the head is re-initialised when the
   * classes differ.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.train.initFrom")
  private File initFrom;

  /**
   * Train only the head (the final linear layer): the backbone gets no gradient and no update, and
   * its batch norms keep their statistics. For fine-tuning pretrained weights ({@code initFrom}).
   * Default false, or true when {@code unfreezeAfter} is set.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.train.freezeBackbone")
  private Boolean freezeBackbone;

  /**
   * Epochs trained with the backbone frozen before the whole network trains (implies {@code
   * freezeBackbone}); must be less than {@code epochs}. Default 0: with {@code freezeBackbone} the
   * backbone stays frozen for the whole run.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.train.unfreezeAfter")
  private Integer unfreezeAfter;

  /**
   * The backbone's learning rate relative to the head's once it is unfrozen (the epochs after
   * {@code unfreezeAfter}), in (0,1]. Default 0.1.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.train.backboneLrFactor")
  private Double backboneLrFactor;

  /**
   * Training augmentation: probability of a horizontal flip. Default 0.5; set 0 for data where a
   * mirror image is another class (digits, text).
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.train.flipProbability")
  private Double flipProbability;

  /**
   * Training augmentation: largest random rotation in degrees. Default 15.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.train.rotationDegrees")
  private Double rotationDegrees;

  /**
   * Training augmentation: color jitter strength for brightness, contrast and saturation. Default
   * 0.2.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.train.colorJitter")
  private Double colorJitter;

  /**
   * Keep finished trainings in the store and restore them instead of training again.
   *
   * @since 0.1.0
   */
  @Parameter(property = "mlops.train.runCache", defaultValue = "true")
  private boolean runCache;

  /**
   * Where the trained model is written.
   *
   * @since 0.1.0
   */
  @Parameter(
      property = "mlops.train.outputDirectory",
      defaultValue = "${project.build.directory}/mlops/model")
  private File outputDirectory;

  /**
   * Where checkpoints are kept while training.
   *
   * @since 0.1.0
   */
  @Parameter(
      property = "mlops.train.workDirectory",
      defaultValue = "${project.build.directory}/mlops/train")
  private File workDirectory;

  @Component private MavenProjectHelper projectHelper;

  @Override
  protected String goal() {
    return "train";
  }

  @Override
  protected String goalSkipReason() {
    return skippedBy(skipTrain);
  }

  @Override
  protected void run(Progress progress) throws MlopsException, MojoExecutionException {
    TrainingConfig config = toConfig();
    ScanResult scan =
        new DatasetScanner(progress)
            .scan(new ScanConfig(dataDirectory.toPath(), splitPolicy(), hashCacheFile()));
    TrainingResult result;
    // The baseline reads the training images' image-stats from the feature store when stored.
    try (FeatureStore features = FeatureStore.openOrWarn(objectStore().root(), progress)) {
      BaselineWriter baseline =
          new BaselineWriter(
              progress,
              features == null ? null : StoredObservations.imageStats(features, progress));
      result =
          new ModelTrainer(progress, List.of(baseline))
              .train(
                  TrainingRequest.builder()
                      .setData(dataDirectory.toPath(), scan.manifest())
                      .optConfig(config)
                      .setOutputDir(outputDirectory.toPath())
                      .setWorkDir(workDirectory.toPath())
                      .optRunCache(runCache ? objectStore() : null)
                      .build());
    }
    getLog().info(result.summary());
    ModelArtifact.attach(project, projectHelper, outputDirectory.toPath());
  }

  private TrainingConfig toConfig() throws InvalidInputException {
    return TrainingConfig.builder()
        .optArchitecture(architecture)
        .optInputSize(inputSize)
        .optChannels(channels)
        .optEpochs(epochs)
        .optBatchSize(batchSize)
        .optLearningRate(learningRate)
        .optOptimizer(optimizer())
        .optMomentum(momentum)
        .optWeightDecay(weightDecay)
        .optLrStepSize(lrStepSize)
        .optLrGamma(lrGamma)
        .optPatience(patience)
        .optSeed(seed)
        .optThreads(threads)
        .optWorkers(workers)
        .optLogEveryBatches(logEvery)
        .optInitFrom(initFrom == null ? null : initFrom.toPath())
        .optAugmentation(augmentation())
        .optFreezeBackbone(freezeBackbone)
        .optUnfreezeAfter(unfreezeAfter)
        .optBackboneLrFactor(backboneLrFactor)
        .build();
  }

  private Augmentation augmentation() throws InvalidInputException {
    try {
      return Augmentation.withDefaults(flipProbability, rotationDegrees, colorJitter);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "invalid augmentation setting: "
              + e.getMessage()
              + " (<flipProbability> in [0,1], <rotationDegrees> in [0,180], <colorJitter> in"
              + " [0,1])",
          String.valueOf(e.getMessage()));
    }
  }

  private OptimizerKind optimizer() throws InvalidInputException {
    if (optimizer == null) {
      return null;
    }
    try {
      return OptimizerKind.valueOf(optimizer.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "optimizer is '" + optimizer + "'; must be adam or sgd",
          optimizer,
          Remedy.setting("optimizer"));
    }
  }
}
