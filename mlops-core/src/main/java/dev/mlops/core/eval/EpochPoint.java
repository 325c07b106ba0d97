package dev.mlops.core.eval;

/**
 * One epoch of the training history, as plotted in the learning curves.
 *
 * @param epoch the epoch number (1 for the first)
 * @param trainLoss mean training loss of the epoch
 * @param trainAccuracy training accuracy of the epoch, in [0,1]
 * @param valLoss validation loss after the epoch ({@code NaN} when there is no validation split)
 * @param valAccuracy validation accuracy after the epoch ({@code NaN} without validation split)
 * @param lr the learning rate used in the epoch
 */
public record EpochPoint(
    int epoch,
    double trainLoss,
    double trainAccuracy,
    double valLoss,
    double valAccuracy,
    double lr) {}
