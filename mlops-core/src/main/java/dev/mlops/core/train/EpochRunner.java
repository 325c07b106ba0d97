package dev.mlops.core.train;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.Remedy;
import dev.mlops.core.image.Batch;
import dev.mlops.core.image.ImageLoader;
import dev.mlops.core.image.LoadFailedException;
import java.util.Iterator;
import java.util.Locale;

/**
 * Runs one epoch: the training pass over the train loader (timing loader wait against compute and
 * logging every few batches) and the validation pass in eval mode.
 *
 * <p>Batch lines read {@code epoch 3/10 batch 40/120 loss 0.412 acc 0.871 312.4 img/s ETA 1m12s}:
 * loss and accuracy are running means over the epoch so far, img/s counts loader wait and compute,
 * and ETA is the time left in this epoch's training pass at that rate.
 */
final class EpochRunner {
  private final Learner learner;
  private final ImageLoader trainLoader;
  private final ImageLoader valLoader;
  private final TrainingConfig config;
  private final Progress progress;

  EpochRunner(
      Learner learner,
      ImageLoader trainLoader,
      ImageLoader valLoader,
      TrainingConfig config,
      Progress progress) {
    this.learner = learner;
    this.trainLoader = trainLoader;
    this.valLoader = valLoader;
    this.config = config;
    this.progress = progress;
  }

  /** Running totals of a pass. */
  private static final class Totals {
    double lossSum;
    long correct;
    long images;
    long waitNanos;
    long computeNanos;

    void add(Learner.BatchOutcome outcome) {
      lossSum += outcome.lossSum();
      correct += outcome.correct();
      images += outcome.size();
    }

    double loss() {
      return images == 0 ? 0 : lossSum / images;
    }

    double accuracy() {
      return images == 0 ? 0 : (double) correct / images;
    }

    double imagesPerSecond() {
      long nanos = waitNanos + computeNanos;
      return nanos == 0 ? 0 : images * 1e9 / nanos;
    }
  }

  /** Trains and validates epoch {@code epoch} (from 1) at {@code learningRate}. */
  EpochStats run(int epoch, double learningRate) throws MlopsException {
    long start = System.nanoTime();
    Totals train = train(epoch, learningRate);
    Totals val = validate();
    double seconds = (System.nanoTime() - start) / 1e9;
    return new EpochStats(
        epoch,
        train.loss(),
        train.accuracy(),
        val.loss(),
        val.accuracy(),
        learningRate,
        seconds,
        train.imagesPerSecond(),
        train.waitNanos / 1e9,
        train.computeNanos / 1e9);
  }

  private Totals train(int epoch, double learningRate) throws MlopsException {
    Totals totals = new Totals();
    int batches = trainLoader.batchesPerEpoch();
    int interval = config.logInterval(batches);
    // The loader counts epochs from 0.
    Iterator<Batch> it = trainLoader.epoch(epoch - 1);
    int done = 0;
    while (true) {
      long t0 = System.nanoTime();
      Batch batch = next(it);
      if (batch == null) {
        break;
      }
      long t1 = System.nanoTime();
      totals.add(learner.train(batch.pixels(), batch.labels(), batch.size(), learningRate));
      totals.computeNanos += System.nanoTime() - t1;
      totals.waitNanos += t1 - t0;
      done++;
      if (done % interval == 0 && done < batches) {
        checkFinite(totals, epoch, learningRate);
        progress.info(batchLine(epoch, done, batches, totals));
      }
    }
    checkFinite(totals, epoch, learningRate);
    return totals;
  }

  private Totals validate() throws MlopsException {
    Totals totals = new Totals();
    Iterator<Batch> it = valLoader.epoch(0);
    for (Batch batch = next(it); batch != null; batch = next(it)) {
      totals.add(learner.evaluate(batch.pixels(), batch.labels(), batch.size()));
    }
    return totals;
  }

  /** The next batch, or null at the end; a worker's failure surfaces as its own exception. */
  private static Batch next(Iterator<Batch> it) throws MlopsException {
    try {
      return it.hasNext() ? it.next() : null;
    } catch (LoadFailedException e) {
      throw e.getCause();
    }
  }

  private void checkFinite(Totals totals, int epoch, double learningRate)
      throws InvalidInputException {
    if (!Double.isFinite(totals.lossSum)) {
      throw new InvalidInputException(
          String.format(
              Locale.ROOT,
              "training diverged in epoch %d: the loss is %s at learning rate %g; lower"
                  + " learningRate",
              epoch,
              totals.lossSum,
              learningRate),
          Double.toString(config.learningRate()),
          Remedy.setting("learningRate"));
    }
  }

  private String batchLine(int epoch, int done, int batches, Totals totals) {
    double perBatch = (totals.waitNanos + totals.computeNanos) / 1e9 / done;
    return String.format(
        Locale.ROOT,
        "epoch %d/%d batch %d/%d loss %.3f acc %.3f %.1f img/s ETA %s",
        epoch,
        config.epochs(),
        done,
        batches,
        totals.loss(),
        totals.accuracy(),
        totals.imagesPerSecond(),
        duration(perBatch * (batches - done)));
  }

  /** {@code 1h02m}, {@code 1m12s} or {@code 8s}. */
  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
    if (s >= 60) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return s + "s";
  }
}
