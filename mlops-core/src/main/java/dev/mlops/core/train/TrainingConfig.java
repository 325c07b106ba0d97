package dev.mlops.core.train;

import static dev.mlops.core.ConfigValueException.require;

import dev.mlops.core.ConfigValueException;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.image.Augmentation;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Hyperparameters and resources of a training run. Immutable; the canonical constructor rejects a
 * bad value with an {@link IllegalArgumentException} naming the field, and {@link Builder#build()}
 * turns that into an {@link InvalidInputException} carrying the value. Defaults are those of the
 * reference system: Adam, learning rate 0.001, batch 32, 10 epochs, StepLR(5, 0.5), seed 42.
 *
 * @param architecture the model architecture ({@code cnn-small}, {@code resnet18})
 * @param inputSize images are resized to {@code inputSize x inputSize} pixels
 * @param channels 1 (gray) or 3 (RGB); {@code null} detects them from the training images
 * @param epochs passes over the training split (an upper bound with early stopping)
 * @param batchSize images per training step
 * @param learningRate the learning rate of the first epoch
 * @param optimizer the weight-update rule
 * @param momentum the momentum of {@link OptimizerKind#SGD} (unused by Adam)
 * @param weightDecay L2 penalty added to every gradient ({@code weightDecay * weight}); 0 = off
 * @param lrStepSize the learning rate is multiplied by {@code lrGamma} every this many epochs
 * @param lrGamma the factor of the step schedule; 1 keeps the learning rate constant
 * @param patience stop after this many epochs without a better validation accuracy; 0 = never
 * @param seed the seed of every random choice (initialisation, order, augmentation, dropout)
 * @param threads the engine's compute threads; part of the fingerprint (see {@link Fingerprint})
 * @param workers threads decoding and augmenting images
 * @param logEveryBatches a progress line every this many batches; 0 = about four per epoch
 * @param initFrom a parameter file to start from (fine-tuning); {@code null} = random init
 * @param augmentation the random changes applied to training images ({@link Augmentation#DEFAULT}:
 *     flip 0.5, rotation 15 degrees, colour jitter 0.2); validation images are never augmented
 * @param freezeBackbone train only the head (the final linear layer): the backbone's weights get no
 *     gradient and no update, and its batch norms use (and keep) their running statistics
 * @param unfreezeAfter with {@code freezeBackbone}, the epochs trained with the backbone frozen
 *     before the whole network trains; 0 = frozen for the whole run. Setting it implies {@code
 *     freezeBackbone} unless that is set to false explicitly (then it is rejected)
 * @param backboneLrFactor the backbone's learning rate relative to the head's once it is unfrozen
 *     (epochs after {@code unfreezeAfter}); in (0,1]
 */
public record TrainingConfig(
    String architecture,
    int inputSize,
    Integer channels,
    int epochs,
    int batchSize,
    double learningRate,
    OptimizerKind optimizer,
    double momentum,
    double weightDecay,
    int lrStepSize,
    double lrGamma,
    int patience,
    long seed,
    int threads,
    int workers,
    int logEveryBatches,
    Path initFrom,
    Augmentation augmentation,
    boolean freezeBackbone,
    int unfreezeAfter,
    double backboneLrFactor) {
  /** Default {@link #architecture()}. */
  public static final String DEFAULT_ARCHITECTURE = "cnn-small";

  /** Default {@link #seed()}. */
  public static final long DEFAULT_SEED = 42;

  /** Default {@link #backboneLrFactor()}: a tenth, the usual choice for pretrained backbones. */
  public static final double DEFAULT_BACKBONE_LR_FACTOR = 0.1;

  /** Progress lines per epoch when {@link #logEveryBatches()} is 0. */
  static final int LINES_PER_EPOCH = 4;

  /** Validates every field; the message names the field, its value and the allowed range. */
  public TrainingConfig {
    require(
        architecture != null && !architecture.isBlank(),
        "architecture",
        architecture,
        "must name an architecture (cnn-small, resnet18, resnet34)");
    architecture = architecture.trim().toLowerCase(Locale.ROOT);
    require(inputSize >= 8 && inputSize <= 4096, "inputSize", inputSize, "must be in [8,4096]");
    require(
        channels == null || channels == 1 || channels == 3,
        "channels",
        channels,
        "must be 1 (gray) or 3 (RGB), or unset to detect them from the images");
    require(epochs >= 1 && epochs <= 100_000, "epochs", epochs, "must be in [1,100000]");
    require(batchSize >= 1 && batchSize <= 65_536, "batchSize", batchSize, "must be in [1,65536]");
    require(
        learningRate > 0 && learningRate <= 10,
        "learningRate",
        learningRate,
        "must be in (0,10], e.g. 0.001");
    require(optimizer != null, "optimizer", null, "must be ADAM or SGD");
    require(momentum >= 0 && momentum < 1, "momentum", momentum, "must be in [0,1)");
    require(weightDecay >= 0 && weightDecay <= 1, "weightDecay", weightDecay, "must be in [0,1]");
    require(lrStepSize >= 1, "lrStepSize", lrStepSize, "must be at least 1 (epochs)");
    require(
        lrGamma > 0 && lrGamma <= 1,
        "lrGamma",
        lrGamma,
        "must be in (0,1]; 1 keeps the learning rate constant");
    require(patience >= 0, "patience", patience, "must be at least 0 (0 = no early stopping)");
    require(threads >= 1 && threads <= 1024, "threads", threads, "must be in [1,1024]");
    require(workers >= 1 && workers <= 1024, "workers", workers, "must be in [1,1024]");
    require(
        logEveryBatches >= 0,
        "logEveryBatches",
        logEveryBatches,
        "must be at least 0 (0 = about " + LINES_PER_EPOCH + " lines per epoch)");
    require(augmentation != null, "augmentation", null, "must be set (Augmentation.NONE for none)");
    requireFineTuning(freezeBackbone, unfreezeAfter, backboneLrFactor, epochs);
  }

  private static void requireFineTuning(
      boolean freezeBackbone, int unfreezeAfter, double backboneLrFactor, int epochs) {
    require(
        unfreezeAfter >= 0 && unfreezeAfter < epochs,
        "unfreezeAfter",
        unfreezeAfter,
        "must be in [0,"
            + (epochs - 1)
            + "]: less than epochs ("
            + epochs
            + ") so that some epoch"
            + " trains the whole network; 0 keeps the backbone frozen for the whole run");
    require(
        freezeBackbone || unfreezeAfter == 0,
        "unfreezeAfter",
        unfreezeAfter,
        "needs freezeBackbone=true (it counts the epochs with the backbone frozen); remove"
            + " freezeBackbone=false or unfreezeAfter");
    require(
        backboneLrFactor > 0 && backboneLrFactor <= 1,
        "backboneLrFactor",
        backboneLrFactor,
        "must be in (0,1], e.g. " + DEFAULT_BACKBONE_LR_FACTOR);
    require(
        unfreezeAfter > 0 || backboneLrFactor == DEFAULT_BACKBONE_LR_FACTOR,
        "backboneLrFactor",
        backboneLrFactor,
        "applies only to the epochs after unfreezeAfter; set unfreezeAfter (with freezeBackbone)"
            + " or remove backboneLrFactor");
  }

  /**
   * Whether the backbone is frozen in {@code epoch} (from 1): a function of the epoch alone, so a
   * run resumed in either phase continues as the uninterrupted one.
   */
  public boolean backboneFrozenIn(int epoch) {
    return freezeBackbone && (unfreezeAfter == 0 || epoch <= unfreezeAfter);
  }

  /**
   * The backbone's learning rate relative to the head's while it trains: {@link
   * #backboneLrFactor()} after a frozen phase, else 1 (a run without freezing is unchanged).
   */
  public double backboneRateFactor() {
    return unfreezeAfter > 0 ? backboneLrFactor : 1;
  }

  /** All defaults. */
  public static TrainingConfig defaults() {
    return builder().buildUnchecked();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The number of batches between two progress lines for an epoch of {@code batches} batches. */
  public int logInterval(int batches) {
    if (logEveryBatches > 0) {
      return logEveryBatches;
    }
    return Math.max(1, (batches + LINES_PER_EPOCH - 1) / LINES_PER_EPOCH);
  }

  /**
   * Builds a {@link TrainingConfig}. Every setter takes a boxed value where {@code null} means
   * "keep the default", so callers (the Maven plugin) can pass unset options through.
   */
  public static final class Builder {
    private String architecture = DEFAULT_ARCHITECTURE;
    private int inputSize = 224;
    private Integer channels;
    private int epochs = 10;
    private int batchSize = 32;
    private double learningRate = 0.001;
    private OptimizerKind optimizer = OptimizerKind.ADAM;
    private double momentum = 0.9;
    private double weightDecay;
    private int lrStepSize = 5;
    private double lrGamma = 0.5;
    private int patience;
    private long seed = DEFAULT_SEED;
    private int threads = Runtime.getRuntime().availableProcessors();
    private int workers = Runtime.getRuntime().availableProcessors();
    private int logEveryBatches;
    private Path initFrom;
    private Augmentation augmentation = Augmentation.DEFAULT;
    private Boolean freezeBackbone;
    private int unfreezeAfter;
    private double backboneLrFactor = DEFAULT_BACKBONE_LR_FACTOR;

    private Builder() {}

    private Builder(TrainingConfig c) {
      architecture = c.architecture;
      inputSize = c.inputSize;
      channels = c.channels;
      epochs = c.epochs;
      batchSize = c.batchSize;
      learningRate = c.learningRate;
      optimizer = c.optimizer;
      momentum = c.momentum;
      weightDecay = c.weightDecay;
      lrStepSize = c.lrStepSize;
      lrGamma = c.lrGamma;
      patience = c.patience;
      seed = c.seed;
      threads = c.threads;
      workers = c.workers;
      logEveryBatches = c.logEveryBatches;
      initFrom = c.initFrom;
      augmentation = c.augmentation;
      freezeBackbone = c.freezeBackbone;
      unfreezeAfter = c.unfreezeAfter;
      backboneLrFactor = c.backboneLrFactor;
    }

    /** Sets {@link TrainingConfig#architecture()}. */
    public Builder optArchitecture(String value) {
      architecture = value == null ? architecture : value;
      return this;
    }

    /** Sets {@link TrainingConfig#inputSize()}. */
    public Builder optInputSize(Integer value) {
      inputSize = value == null ? inputSize : value;
      return this;
    }

    /** Sets {@link TrainingConfig#channels()}; {@code null} keeps detection from the images. */
    public Builder optChannels(Integer value) {
      channels = value == null ? channels : value;
      return this;
    }

    /** Sets {@link TrainingConfig#epochs()}. */
    public Builder optEpochs(Integer value) {
      epochs = value == null ? epochs : value;
      return this;
    }

    /** Sets {@link TrainingConfig#batchSize()}. */
    public Builder optBatchSize(Integer value) {
      batchSize = value == null ? batchSize : value;
      return this;
    }

    /** Sets {@link TrainingConfig#learningRate()}. */
    public Builder optLearningRate(Double value) {
      learningRate = value == null ? learningRate : value;
      return this;
    }

    /** Sets {@link TrainingConfig#optimizer()}. */
    public Builder optOptimizer(OptimizerKind value) {
      optimizer = value == null ? optimizer : value;
      return this;
    }

    /** Sets {@link TrainingConfig#momentum()}. */
    public Builder optMomentum(Double value) {
      momentum = value == null ? momentum : value;
      return this;
    }

    /** Sets {@link TrainingConfig#weightDecay()}. */
    public Builder optWeightDecay(Double value) {
      weightDecay = value == null ? weightDecay : value;
      return this;
    }

    /** Sets {@link TrainingConfig#lrStepSize()}. */
    public Builder optLrStepSize(Integer value) {
      lrStepSize = value == null ? lrStepSize : value;
      return this;
    }

    /** Sets {@link TrainingConfig#lrGamma()}. */
    public Builder optLrGamma(Double value) {
      lrGamma = value == null ? lrGamma : value;
      return this;
    }

    /** Sets {@link TrainingConfig#patience()}. */
    public Builder optPatience(Integer value) {
      patience = value == null ? patience : value;
      return this;
    }

    /** Sets {@link TrainingConfig#seed()}. */
    public Builder optSeed(Long value) {
      seed = value == null ? seed : value;
      return this;
    }

    /** Sets {@link TrainingConfig#threads()}. */
    public Builder optThreads(Integer value) {
      threads = value == null ? threads : value;
      return this;
    }

    /** Sets {@link TrainingConfig#workers()}. */
    public Builder optWorkers(Integer value) {
      workers = value == null ? workers : value;
      return this;
    }

    /** Sets {@link TrainingConfig#logEveryBatches()}. */
    public Builder optLogEveryBatches(Integer value) {
      logEveryBatches = value == null ? logEveryBatches : value;
      return this;
    }

    /** Sets {@link TrainingConfig#initFrom()}. */
    public Builder optInitFrom(Path value) {
      initFrom = value == null ? initFrom : value;
      return this;
    }

    /** Sets {@link TrainingConfig#augmentation()}. */
    public Builder optAugmentation(Augmentation value) {
      augmentation = value == null ? augmentation : value;
      return this;
    }

    /**
     * Sets {@link TrainingConfig#freezeBackbone()}; unset, it is true exactly when {@link
     * #optUnfreezeAfter} is above 0.
     */
    public Builder optFreezeBackbone(Boolean value) {
      freezeBackbone = value == null ? freezeBackbone : value;
      return this;
    }

    /** Sets {@link TrainingConfig#unfreezeAfter()}. */
    public Builder optUnfreezeAfter(Integer value) {
      unfreezeAfter = value == null ? unfreezeAfter : value;
      return this;
    }

    /** Sets {@link TrainingConfig#backboneLrFactor()}. */
    public Builder optBackboneLrFactor(Double value) {
      backboneLrFactor = value == null ? backboneLrFactor : value;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws InvalidInputException naming the first invalid field and its value
     */
    public TrainingConfig build() throws InvalidInputException {
      try {
        return buildUnchecked();
      } catch (ConfigValueException e) {
        throw e.toInvalidInput("invalid training setting");
      }
    }

    private TrainingConfig buildUnchecked() {
      return new TrainingConfig(
          architecture,
          inputSize,
          channels,
          epochs,
          batchSize,
          learningRate,
          optimizer,
          momentum,
          weightDecay,
          lrStepSize,
          lrGamma,
          patience,
          seed,
          threads,
          workers,
          logEveryBatches,
          initFrom,
          augmentation,
          freezeBackbone != null ? freezeBackbone : unfreezeAfter > 0,
          unfreezeAfter,
          backboneLrFactor);
    }
  }
}
