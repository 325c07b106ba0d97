package dev.mlops.core.image;

import dev.mlops.core.InvalidInputException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The resized 8-bit pixels of each image, decoded on first use and kept when all of them fit the
 * memory budget; otherwise decoded again each time. Decoding a photo costs milliseconds, while
 * augmenting and normalising its small resized copy costs a fraction of that, so from the second
 * epoch on the workers only augment. Kept or not, the pixels are the same. Thread-safe: two threads
 * racing on one image both store the same bytes.
 */
final class DecodedImages {
  private final List<LabeledImage> images;
  private final ImagePreprocessor preprocessor;
  private final AtomicReferenceArray<byte[]> cache;

  DecodedImages(List<LabeledImage> images, ImagePreprocessor preprocessor, long budgetBytes) {
    this.images = images;
    this.preprocessor = preprocessor;
    long bytes = (long) images.size() * preprocessor.preprocessing().tensorSize();
    this.cache = bytes <= budgetBytes ? new AtomicReferenceArray<>(images.size()) : null;
  }

  /** Whether decoded images are kept in memory. */
  boolean keeps() {
    return cache != null;
  }

  /** The resized pixels of image {@code index} (HWC); never modify the array. */
  byte[] get(int index) throws InvalidInputException {
    byte[] pixels = cache == null ? null : cache.get(index);
    if (pixels == null) {
      LabeledImage image = images.get(index);
      pixels = preprocessor.resize(ImagePreprocessor.read(image.file(), image.relativePath()));
      if (cache != null) {
        cache.set(index, pixels);
      }
    }
    return pixels;
  }
}
