package dev.mlops.core.drift;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.image.ImagePreprocessor;
import dev.mlops.core.model.Predictor;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads images once each and records their {@link Observations}: worker threads decode an image,
 * compute its features and its model input tensor; the calling thread runs the model on whole
 * batches while the workers decode the next ones. Images that cannot be decoded are skipped and
 * listed, since a directory of production images is expected to hold some junk.
 */
public final class ObservationExtractor {
  /** A progress line at most this often: long runs show progress, short ones stay quiet. */
  private static final long PROGRESS_INTERVAL_NANOS = 10_000_000_000L;

  /** Batches decoded ahead of the model. */
  private static final int BATCHES_AHEAD = 2;

  private final Predictor predictor;
  private final float[][] projection;
  private final ImagePreprocessor preprocessor;
  private final int batchSize;
  private final int workers;
  private final long maxPixels;
  private final Progress progress;

  /**
   * What an extraction produced.
   *
   * @param observations one row per decoded image
   * @param unreadable the images that could not be decoded, with the reason
   * @param seconds wall time
   */
  public record Extraction(Observations observations, List<String> unreadable, double seconds) {
    /** Images per second. */
    public double imagesPerSecond() {
      return observations.size() / Math.max(seconds, 1e-9);
    }
  }

  /**
   * Creates an extractor.
   *
   * @param predictor the model, or null to record features only
   * @param projection the embedding projection (ignored without a model)
   * @param batchSize images per model call
   * @param workers decoding threads
   * @param progress where progress lines go
   */
  public ObservationExtractor(
      Predictor predictor, Projection projection, int batchSize, int workers, Progress progress) {
    this(predictor, projection, batchSize, workers, ImagePreprocessor.DEFAULT_MAX_PIXELS, progress);
  }

  /**
   * Creates an extractor that skips (and lists) images whose header claims more than {@code
   * maxPixels} pixels without decoding them; see {@link #ObservationExtractor(Predictor,
   * Projection, int, int, Progress)} for the other parameters.
   */
  public ObservationExtractor(
      Predictor predictor,
      Projection projection,
      int batchSize,
      int workers,
      long maxPixels,
      Progress progress) {
    if (batchSize < 1 || workers < 1 || maxPixels < 1) {
      throw new IllegalArgumentException("batchSize, workers and maxPixels must be >= 1");
    }
    this.maxPixels = maxPixels;
    this.predictor = predictor;
    this.projection = predictor == null ? null : projection.matrix();
    this.preprocessor = predictor == null ? null : new ImagePreprocessor(predictor.preprocessing());
    this.batchSize = batchSize;
    this.workers = workers;
    this.progress = progress;
  }

  /** One decoded image: its features and model input, or why it could not be read. */
  private record Decoded(String file, int label, double[] features, float[] tensor, String error) {}

  /**
   * Observes {@code files} (paths relative to {@code root}).
   *
   * @param labels per file the class index, or null when unlabeled
   * @param what what the images are, for progress lines ("incoming images")
   */
  public Extraction extract(Path root, List<String> files, int[] labels, String what)
      throws MlopsException {
    long start = System.nanoTime();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, "mlops-drift-decode");
              t.setDaemon(true);
              return t;
            });
    try {
      Rows rows = new Rows(files.size(), labels != null, predictor != null);
      Deque<List<Future<Decoded>>> pending = new ArrayDeque<>();
      int next = 0;
      long lastReport = start;
      while (next < files.size() || !pending.isEmpty()) {
        while (pending.size() < BATCHES_AHEAD + 1 && next < files.size()) {
          int end = Math.min(files.size(), next + batchSize);
          pending.add(submit(pool, root, files, labels, next, end));
          next = end;
        }
        add(rows, await(pending.removeFirst()));
        long now = System.nanoTime();
        if (now - lastReport >= PROGRESS_INTERVAL_NANOS && rows.seen < files.size()) {
          lastReport = now;
          progress.info(progressLine(what, rows.seen, files.size(), start));
        }
      }
      return new Extraction(
          rows.observations(), rows.unreadable, (System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  private List<Future<Decoded>> submit(
      ExecutorService pool, Path root, List<String> files, int[] labels, int from, int to) {
    List<Future<Decoded>> batch = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      String file = files.get(i);
      int label = labels == null ? -1 : labels[i];
      batch.add(pool.submit(() -> decode(root, file, label)));
    }
    return batch;
  }

  private Decoded decode(Path root, String file, int label) {
    BufferedImage image;
    try {
      image = ImagePreprocessor.read(root.resolve(file), maxPixels);
    } catch (InvalidInputException e) {
      return new Decoded(file, label, null, null, e.getMessage());
    }
    float[] tensor = preprocessor == null ? null : preprocessor.tensor(image);
    return new Decoded(file, label, ImageFeatures.of(image), tensor, null);
  }

  private static List<Decoded> await(List<Future<Decoded>> batch) throws MlopsException {
    List<Decoded> out = new ArrayList<>(batch.size());
    for (Future<Decoded> f : batch) {
      try {
        out.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MlopsException("interrupted while reading images", e);
      } catch (ExecutionException e) {
        throw new MlopsException("reading an image failed: " + e.getCause(), e.getCause());
      }
    }
    return out;
  }

  private void add(Rows rows, List<Decoded> batch) {
    List<Decoded> ok = new ArrayList<>(batch.size());
    for (Decoded d : batch) {
      rows.seen++;
      if (d.error() != null) {
        rows.unreadable.add(d.file() + ": " + d.error());
      } else {
        ok.add(d);
      }
    }
    if (ok.isEmpty()) {
      return;
    }
    Predictor.Outputs outputs = predictor == null ? null : run(ok);
    for (int i = 0; i < ok.size(); i++) {
      rows.add(ok.get(i), outputs, i, projection);
    }
  }

  private Predictor.Outputs run(List<Decoded> batch) {
    int size = batch.get(0).tensor().length;
    float[] pixels = new float[batch.size() * size];
    for (int i = 0; i < batch.size(); i++) {
      System.arraycopy(batch.get(i).tensor(), 0, pixels, i * size, size);
    }
    return predictor.outputs(pixels, batch.size());
  }

  private static String progressLine(String what, int done, int total, long start) {
    double seconds = (System.nanoTime() - start) / 1e9;
    double rate = done / Math.max(seconds, 1e-9);
    return String.format(
        Locale.ROOT,
        "drift: %d/%d %s, %.0f img/s, ETA %.0f s",
        done,
        total,
        what,
        rate,
        (total - done) / Math.max(rate, 1e-9));
  }

  /** The growing columns of an extraction. */
  private static final class Rows {
    final List<String> files;
    final List<double[]> features;
    final List<float[]> embeddings;
    final List<Float> confidence = new ArrayList<>();
    final List<Integer> predicted = new ArrayList<>();
    final List<Integer> labels;
    final List<String> unreadable = new ArrayList<>();
    int seen;

    Rows(int capacity, boolean labeled, boolean outputs) {
      files = new ArrayList<>(capacity);
      features = new ArrayList<>(capacity);
      embeddings = outputs ? new ArrayList<>(capacity) : null;
      labels = labeled ? new ArrayList<>(capacity) : null;
    }

    void add(Decoded d, Predictor.Outputs outputs, int row, float[][] projection) {
      files.add(d.file());
      features.add(d.features());
      if (labels != null) {
        labels.add(d.label());
      }
      if (outputs != null) {
        float[] p = outputs.probabilities()[row];
        int best = 0;
        for (int c = 1; c < p.length; c++) {
          best = p[c] > p[best] ? c : best;
        }
        predicted.add(best);
        confidence.add(p[best]);
        embeddings.add(Projection.apply(projection, outputs.embeddings()[row]));
      }
    }

    Observations observations() {
      boolean outputs = embeddings != null;
      float[] conf = new float[confidence.size()];
      for (int i = 0; i < conf.length; i++) {
        conf[i] = confidence.get(i);
      }
      return new Observations(
          files,
          features.toArray(double[][]::new),
          outputs ? embeddings.toArray(float[][]::new) : null,
          outputs ? conf : null,
          outputs ? predicted.stream().mapToInt(Integer::intValue).toArray() : null,
          labels == null ? null : labels.stream().mapToInt(Integer::intValue).toArray());
    }
  }
}
