package dev.mlops.core.features;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.image.ImagePreprocessor;
import dev.mlops.core.model.Predictor;
import java.nio.file.Path;
import java.util.List;

/**
 * An {@code embedding/<model>/<version>} view: the model's penultimate layer ({@link
 * Predictor#embeddings}) on the image prepared as the model's preprocessing says.
 */
public final class EmbeddingExtractor implements FeatureExtractor<float[]> {
  private final Predictor predictor;
  private final FeatureView view;
  private final ImagePreprocessor preprocessor;
  private final int batchSize;

  /**
   * Creates an extractor for {@code view}, which must be the predictor's embedding view.
   *
   * @param batchSize images per forward pass
   */
  public EmbeddingExtractor(Predictor predictor, FeatureView view, int batchSize) {
    if (!view.isVector() || view.dimension() != predictor.embeddingSize()) {
      throw new IllegalArgumentException(
          view + " is not a " + predictor.embeddingSize() + "-value embedding view");
    }
    this.predictor = predictor;
    this.view = view;
    this.preprocessor = new ImagePreprocessor(predictor.preprocessing());
    this.batchSize = batchSize;
  }

  @Override
  public FeatureView view() {
    return view;
  }

  @Override
  public float[] prepare(Path file) throws InvalidInputException {
    return preprocessor.tensor(ImagePreprocessor.read(file));
  }

  @Override
  public double[][] finish(List<float[]> prepared) {
    int size = prepared.get(0).length;
    float[] pixels = new float[prepared.size() * size];
    for (int i = 0; i < prepared.size(); i++) {
      System.arraycopy(prepared.get(i), 0, pixels, i * size, size);
    }
    float[][] rows = predictor.embeddings(pixels, prepared.size());
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = StoredObservations.toDouble(rows[i]);
    }
    return out;
  }

  @Override
  public int batchSize() {
    return batchSize;
  }
}
