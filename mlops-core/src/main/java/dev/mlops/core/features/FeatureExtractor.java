package dev.mlops.core.features;

import dev.mlops.core.InvalidInputException;
import java.nio.file.Path;
import java.util.List;

/**
 * Computes a {@link FeatureView}'s values from image files in two steps: {@link #prepare} runs on
 * decoding threads, one image at a time (decode, per-image work); {@link #finish} runs on one
 * engine thread per batch, in order (a model's forward pass).
 *
 * @param <P> what {@link #prepare} hands to {@link #finish}
 */
public interface FeatureExtractor<P> {
  /** The view whose values this computes. */
  FeatureView view();

  /**
   * Decodes one image and does its per-image work.
   *
   * @throws InvalidInputException when the file is not a readable image (the image is counted as
   *     failed; the others go on)
   */
  P prepare(Path file) throws InvalidInputException;

  /**
   * The values of a batch of prepared images, one row each, {@link FeatureView#dimension()} wide.
   */
  double[][] finish(List<P> prepared);

  /** Images per {@link #finish} call. */
  default int batchSize() {
    return 64;
  }

  /**
   * Batches prepared ahead of the one being finished: enough that the decoding threads never wait
   * while a batch is finished and committed, few enough that prepared values (model input tensors)
   * do not fill the heap.
   */
  default int batchesAhead() {
    return 2;
  }
}
