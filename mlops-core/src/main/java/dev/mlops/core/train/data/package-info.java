/**
 * The image pipeline of training and inference: {@link dev.mlops.core.train.data.ImagePreprocessor}
 * turns one image into the model's input tensor (resize, channel conversion, normalisation) and
 * {@link dev.mlops.core.train.data.ImageLoader} delivers shuffled, augmented, normalised batches
 * from worker threads ahead of the consumer. Everything random is derived from (seed, epoch,
 * image), never from thread timing.
 */
package dev.mlops.core.train.data;
