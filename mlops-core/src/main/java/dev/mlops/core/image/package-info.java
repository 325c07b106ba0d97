/**
 * Images, shared by training, evaluation, export, drift and serving: decoding into {@link
 * dev.mlops.core.image.Raster8}, {@link dev.mlops.core.image.ImagePreprocessor} turning one image
 * into the model's input tensor (resize, channel conversion, normalisation) as described by {@link
 * dev.mlops.core.image.Preprocessing}, and {@link dev.mlops.core.image.ImageLoader} delivering
 * shuffled, augmented, normalised batches from worker threads ahead of the consumer. Everything
 * random is derived from (seed, epoch, image), never from thread timing.
 */
package dev.mlops.core.image;
