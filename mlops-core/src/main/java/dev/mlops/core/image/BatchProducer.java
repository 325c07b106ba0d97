package dev.mlops.core.image;

import dev.mlops.core.InvalidInputException;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Builds one batch from its images: cached or freshly decoded pixels, augmented with the image's
 * own random stream, normalised. Runs on worker threads; stateless apart from the cache.
 */
final class BatchProducer {
  private final List<LabeledImage> images;
  private final DecodedImages decoded;
  private final Normalizer normalizer;
  private final Augmentation augmentation;
  private final Augmenter augmenter;
  private final int tensorSize;
  private final long seed;

  BatchProducer(
      List<LabeledImage> images,
      ImagePreprocessor preprocessor,
      Augmentation augmentation,
      long seed,
      long cacheBytes) {
    Preprocessing pre = preprocessor.preprocessing();
    this.images = images;
    this.decoded = new DecodedImages(images, preprocessor, cacheBytes);
    this.normalizer = preprocessor.normalizer();
    this.augmentation = augmentation;
    this.augmenter = new Augmenter(pre.inputSize(), pre.channels());
    this.tensorSize = pre.tensorSize();
    this.seed = seed;
  }

  /**
   * Batch {@code index} of {@code epoch}, made of the images {@code order[from..to)}.
   *
   * @throws CancellationException when the thread is interrupted (the epoch was abandoned)
   */
  Batch produce(int epoch, int index, int[] order, int from, int to) throws InvalidInputException {
    int size = to - from;
    float[] pixels = new float[size * tensorSize];
    int[] labels = new int[size];
    float[] work = augmentation.isNone() ? null : new float[tensorSize];
    for (int k = 0; k < size; k++) {
      if (Thread.currentThread().isInterrupted()) {
        throw new CancellationException("batch " + index + " of epoch " + epoch + " abandoned");
      }
      int image = order[from + k];
      byte[] raw = decoded.get(image);
      labels[k] = images.get(image).label();
      if (work == null) {
        normalizer.fromBytes(raw, pixels, k * tensorSize);
      } else {
        AugmentParams params =
            AugmentParams.sample(augmentation, Seeds.augment(seed, epoch, image));
        augmenter.apply(raw, params, work);
        normalizer.fromUnit(work, pixels, k * tensorSize);
      }
    }
    return new Batch(pixels, labels, size, index);
  }

  boolean keepsDecodedImages() {
    return decoded.keeps();
  }
}
