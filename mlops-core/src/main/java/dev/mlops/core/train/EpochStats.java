package dev.mlops.core.train;

/**
 * What one epoch did, as written to {@code history.json}.
 *
 * @param epoch the epoch, counted from 1
 * @param trainLoss mean cross-entropy over the epoch's training batches (running, in train mode)
 * @param trainAccuracy fraction of training images classified correctly during the epoch
 * @param valLoss mean cross-entropy on the validation images after the epoch (eval mode)
 * @param valAccuracy fraction of validation images classified correctly after the epoch
 * @param learningRate the learning rate used during the epoch
 * @param seconds wall time of the epoch including validation
 * @param imagesPerSecond training images per second of the epoch's training part
 * @param loaderWaitSeconds time the training loop waited for the image loader
 * @param computeSeconds time spent in forward, backward and update
 */
public record EpochStats(
    int epoch,
    double trainLoss,
    double trainAccuracy,
    double valLoss,
    double valAccuracy,
    double learningRate,
    double seconds,
    double imagesPerSecond,
    double loaderWaitSeconds,
    double computeSeconds) {

  /**
   * Whether this epoch is a better model than {@code other}: higher validation accuracy; on a tie
   * lower validation loss; on a tie the earlier epoch.
   */
  public boolean betterThan(EpochStats other) {
    if (other == null) {
      return true;
    }
    int byAccuracy = Double.compare(valAccuracy, other.valAccuracy);
    if (byAccuracy != 0) {
      return byAccuracy > 0;
    }
    int byLoss = Double.compare(valLoss, other.valLoss);
    if (byLoss != 0) {
      return byLoss < 0;
    }
    return epoch < other.epoch;
  }
}
