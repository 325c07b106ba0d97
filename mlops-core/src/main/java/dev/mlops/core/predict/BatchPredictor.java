package dev.mlops.core.predict;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.export.OnnxClassifier;
import dev.mlops.core.image.ImagePreprocessor;
import dev.mlops.core.store.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An exported model's predictions for image files, in two steps so callers choose the threads:
 * {@link #prepare} (read, hash, decode, preprocess one file; any thread) and {@link #finish} (one
 * forward pass for a batch of prepared files). The local goal prepares on a pool and finishes on an
 * engine thread; a Spark partition calls {@link #predict}, which does both in its task thread. Both
 * paths run this code, so their rows are equal. Thread-safe (the model is, and nothing else is
 * shared); it does not own the model.
 */
public final class BatchPredictor {
  /** Images per forward pass unless told otherwise. */
  public static final int DEFAULT_BATCH_SIZE = 32;

  private final OnnxClassifier model;
  private final ImagePreprocessor preprocessor;
  private final int batchSize;
  private final long maxPixels;

  /**
   * A predictor with {@code model}.
   *
   * @param batchSize images per forward pass, at least 1
   * @param maxPixels images whose header claims more pixels are refused without decoding
   */
  public BatchPredictor(OnnxClassifier model, int batchSize, long maxPixels) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    this.model = model;
    this.preprocessor = new ImagePreprocessor(model.preprocessing());
    this.batchSize = batchSize;
    this.maxPixels = maxPixels;
  }

  /** One file read and preprocessed, or why it could not be. */
  public record Prepared(String path, String sha256, float[] tensor, String error) {}

  /** The model's class names, index = column of the probabilities. */
  public List<String> labels() {
    return model.labels();
  }

  /** Images per forward pass. */
  public int batchSize() {
    return batchSize;
  }

  /**
   * Reads, hashes and preprocesses {@code root/path}. A file that cannot be read or decoded is not
   * an exception: its row carries the error, so one bad file never stops a batch of millions.
   *
   * @param path the file's {@code /}-separated path under {@code root}, as rows name it
   */
  public Prepared prepare(Path root, String path) {
    Path file = root.resolve(path);
    String sha256;
    try {
      sha256 = Hashing.sha256(Files.readAllBytes(file));
    } catch (IOException e) {
      return new Prepared(path, null, null, "cannot read " + path + ": " + e);
    }
    try {
      return new Prepared(
          path, sha256, preprocessor.tensor(ImagePreprocessor.read(file, path, maxPixels)), null);
    } catch (InvalidInputException e) {
      return new Prepared(path, sha256, null, e.getMessage());
    } catch (RuntimeException e) {
      // a resampler or colour-model bug on one odd file must not stop the others
      return new Prepared(path, sha256, null, "cannot preprocess " + path + ": " + e);
    }
  }

  /** The predictions of prepared files, in their order; one forward pass for the readable ones. */
  public List<Prediction> finish(List<Prepared> batch) {
    int tensorSize = model.preprocessing().tensorSize();
    List<Prepared> ok = batch.stream().filter(p -> p.error() == null).toList();
    float[][] probabilities = new float[0][];
    if (!ok.isEmpty()) {
      float[] pixels = new float[ok.size() * tensorSize];
      for (int i = 0; i < ok.size(); i++) {
        System.arraycopy(ok.get(i).tensor(), 0, pixels, i * tensorSize, tensorSize);
      }
      probabilities = model.probabilities(pixels, ok.size());
    }
    List<Prediction> out = new ArrayList<>(batch.size());
    int next = 0;
    for (Prepared p : batch) {
      out.add(p.error() == null ? row(p, probabilities[next++]) : failed(p));
    }
    return out;
  }

  /**
   * Predicts {@code paths} under {@code root} in the calling thread, {@link #batchSize} at a time:
   * what one Spark partition does.
   */
  public List<Prediction> predict(Path root, List<String> paths) {
    List<Prediction> out = new ArrayList<>(paths.size());
    List<Prepared> batch = new ArrayList<>(batchSize);
    for (String path : paths) {
      batch.add(prepare(root, path));
      if (batch.size() == batchSize) {
        out.addAll(finish(batch));
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      out.addAll(finish(batch));
    }
    return out;
  }

  private Prediction row(Prepared p, float[] probabilities) {
    int best = 0;
    for (int c = 1; c < probabilities.length; c++) {
      if (probabilities[c] > probabilities[best]) {
        best = c;
      }
    }
    return new Prediction(
        p.path(), p.sha256(), model.labels().get(best), probabilities[best], probabilities, null);
  }

  private static Prediction failed(Prepared p) {
    return Prediction.failed(p.path(), p.sha256(), p.error());
  }
}
