/**
 * The {@code train} stage: {@link dev.mlops.core.train.ModelTrainer} trains an image classifier on
 * DJL + PyTorch from a {@link dev.mlops.core.train.TrainingRequest} and returns a {@link
 * dev.mlops.core.train.TrainingResult}. The loop owns its optimizer state ({@link
 * dev.mlops.core.train.ParameterUpdater}) so that every epoch's checkpoint can hold it; all
 * randomness of an epoch derives from (seed, epoch), which makes runs byte-for-byte reproducible
 * and resumable. A {@link dev.mlops.core.train.Fingerprint} of the inputs decides whether to train
 * at all. The image pipeline lives in {@code dev.mlops.core.image}.
 */
package dev.mlops.core.train;
