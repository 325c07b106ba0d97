package dev.mlops.core.features;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.drift.ImageFeatures;
import dev.mlops.core.image.ImagePreprocessor;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code image-stats} view: {@link ImageFeatures} of the decoded image, the very code path
 * drift detection runs, so a stored value is the value drift would compute.
 */
public final class ImageStatsExtractor implements FeatureExtractor<double[]> {
  private final long maxPixels;

  /** An extractor that refuses images over {@link ImagePreprocessor#DEFAULT_MAX_PIXELS}. */
  public ImageStatsExtractor() {
    this(ImagePreprocessor.DEFAULT_MAX_PIXELS);
  }

  /** An extractor that refuses images whose header claims more than {@code maxPixels}. */
  public ImageStatsExtractor(long maxPixels) {
    this.maxPixels = maxPixels;
  }

  @Override
  public FeatureView view() {
    return FeatureView.IMAGE_STATS;
  }

  @Override
  public double[] prepare(Path file) throws InvalidInputException {
    return ImageFeatures.of(ImagePreprocessor.read(file, maxPixels));
  }

  @Override
  public double[][] finish(List<double[]> prepared) {
    return prepared.toArray(double[][]::new);
  }

  @Override
  public int batchSize() {
    return 256;
  }

  /** Ten doubles per prepared image: 4,096 images ahead cover a commit's pause. */
  @Override
  public int batchesAhead() {
    return 16;
  }
}
