package dev.mlops.core.image;

/**
 * A batch of preprocessed images. The arrays are handed over, not copied: the loader never touches
 * a batch after delivering it.
 *
 * @param pixels {@code size * channels * inputSize * inputSize} floats, image after image, each
 *     channel-first (CHW)
 * @param labels the class index of each image
 * @param size the number of images; the last batch of an epoch may be smaller than the batch size
 * @param index the position of this batch in its epoch, from 0
 */
public record Batch(float[] pixels, int[] labels, int size, int index) {
  /** Checks that the arrays match {@code size}. */
  public Batch {
    if (size < 1 || labels.length != size || pixels.length % size != 0) {
      throw new IllegalArgumentException(
          "batch of "
              + size
              + " with "
              + labels.length
              + " labels and "
              + pixels.length
              + " floats");
    }
  }
}
