package dev.mlops.core.drift;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.image.ImagePreprocessor;
import dev.mlops.core.model.Predictor;
import dev.mlops.core.store.Hashing;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads images once each and records their {@link Observations}: worker threads decode an image,
 * compute its features and its model input tensor; the calling thread runs the model on whole
 * batches while the workers decode the next ones. Images that cannot be decoded are skipped and
 * listed, since a directory of production images is expected to hold some junk.
 *
 * <p>With an {@link ObservationCache} ({@link #cachedIn}), images are looked up by content hash
 * first: one whose features (and, when a model runs, raw embedding) are stored is not decoded at
 * all, its class probabilities come from the model's final layer on the stored embedding; what is
 * computed is stored for the next run.
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
  private final ObservationCache cache;

  /**
   * What an extraction produced.
   *
   * @param observations one row per decoded image
   * @param unreadable the images that could not be decoded, with the reason
   * @param seconds wall time
   * @param fromCache images whose values all came from the cache (not decoded)
   */
  public record Extraction(
      Observations observations, List<String> unreadable, double seconds, int fromCache) {
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
    this(predictor, projection, batchSize, workers, maxPixels, progress, null);
  }

  private ObservationExtractor(
      Predictor predictor,
      Projection projection,
      int batchSize,
      int workers,
      long maxPixels,
      Progress progress,
      ObservationCache cache) {
    if (batchSize < 1 || workers < 1 || maxPixels < 1) {
      throw new IllegalArgumentException("batchSize, workers and maxPixels must be >= 1");
    }
    this.maxPixels = maxPixels;
    this.predictor = predictor;
    this.projectionSource = projection;
    this.projection = predictor == null ? null : projection.matrix();
    this.preprocessor = predictor == null ? null : new ImagePreprocessor(predictor.preprocessing());
    this.batchSize = batchSize;
    this.workers = workers;
    this.progress = progress;
    this.cache = cache;
  }

  private final Projection projectionSource;

  /** This extractor, reading and filling {@code cache} (null: none). */
  public ObservationExtractor cachedIn(ObservationCache cache) {
    return new ObservationExtractor(
        predictor, projectionSource, batchSize, workers, maxPixels, progress, cache);
  }

  /**
   * One image: its features and model input (or stored raw embedding), or why it could not be read.
   *
   * @param sha256 its content hash, or null without a cache
   * @param stored the raw embedding from the cache, or null when the model runs on {@code tensor}
   * @param cachedFeatures whether {@code features} came from the cache
   */
  record Decoded(
      String file,
      int label,
      String sha256,
      double[] features,
      float[] tensor,
      float[] stored,
      boolean cachedFeatures,
      String error) {
    boolean fromCache() {
      return cachedFeatures && tensor == null;
    }
  }

  /**
   * Observes {@code files} (paths relative to {@code root}).
   *
   * @param labels per file the class index, or null when unlabeled
   * @param what what the images are, for progress lines ("incoming images")
   */
  public Extraction extract(Path root, List<String> files, int[] labels, String what)
      throws MlopsException {
    return extract(root, files, labels, what, null);
  }

  /**
   * Observes {@code files} whose content hashes are known ({@code sha256s}, one per file; null to
   * hash them when a cache is set); see {@link #extract(Path, List, int[], String)}.
   */
  public Extraction extract(
      Path root, List<String> files, int[] labels, String what, List<String> sha256s)
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
      List<String> shas = cache == null ? null : hashes(pool, root, files, sha256s);
      Map<String, ObservationCache.Cached> known =
          cache == null
              ? Map.of()
              : cache.lookup(shas, predictor == null ? 0 : predictor.embeddingSize());
      ObservationRows rows = new ObservationRows(files.size(), labels != null, predictor != null);
      Deque<List<Future<Decoded>>> pending = new ArrayDeque<>();
      int next = 0;
      long lastReport = start;
      while (next < files.size() || !pending.isEmpty()) {
        while (pending.size() < BATCHES_AHEAD + 1 && next < files.size()) {
          int end = Math.min(files.size(), next + batchSize);
          pending.add(submit(pool, root, files, labels, shas, known, next, end));
          next = end;
        }
        add(rows, await(pending.removeFirst()));
        long now = System.nanoTime();
        if (now - lastReport >= PROGRESS_INTERVAL_NANOS && rows.seen < files.size()) {
          lastReport = now;
          progress.info(progressLine(what, rows.seen, files.size(), start));
        }
      }
      if (cache != null && (!rows.newFeatures.isEmpty() || !rows.newEmbeddings.isEmpty())) {
        cache.save(rows.newFeatures, rows.newEmbeddings);
      }
      return new Extraction(
          rows.observations(), rows.unreadable, (System.nanoTime() - start) / 1e9, rows.fromCache);
    } finally {
      pool.shutdownNow();
    }
  }

  /** The files' content hashes: {@code given}, or computed on the pool (null for unreadable). */
  private static List<String> hashes(
      ExecutorService pool, Path root, List<String> files, List<String> given)
      throws MlopsException {
    if (given != null) {
      if (given.size() != files.size()) {
        throw new IllegalArgumentException(given.size() + " hashes for " + files.size() + " files");
      }
      return given;
    }
    List<Future<String>> futures = new ArrayList<>(files.size());
    for (String file : files) {
      futures.add(
          pool.submit(
              () -> {
                try {
                  return Hashing.sha256(root.resolve(file));
                } catch (IOException | UncheckedIOException e) {
                  return null; // decoding reports the unreadable file
                }
              }));
    }
    List<String> shas = new ArrayList<>(files.size());
    for (Future<String> f : futures) {
      shas.add(get(f));
    }
    return shas;
  }

  private List<Future<Decoded>> submit(
      ExecutorService pool,
      Path root,
      List<String> files,
      int[] labels,
      List<String> shas,
      Map<String, ObservationCache.Cached> known,
      int from,
      int to) {
    List<Future<Decoded>> batch = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      String file = files.get(i);
      int label = labels == null ? -1 : labels[i];
      String sha = shas == null ? null : shas.get(i);
      ObservationCache.Cached cached = sha == null ? null : known.get(sha);
      batch.add(pool.submit(() -> decode(root, file, label, sha, cached)));
    }
    return batch;
  }

  private Decoded decode(
      Path root, String file, int label, String sha, ObservationCache.Cached cached) {
    double[] features = cached == null ? null : cached.features();
    float[] stored = cached == null ? null : cached.embedding();
    if (features != null && (predictor == null || stored != null)) {
      return new Decoded(file, label, sha, features, null, stored, true, null);
    }
    BufferedImage image;
    try {
      image = ImagePreprocessor.read(root.resolve(file), maxPixels);
    } catch (InvalidInputException e) {
      return new Decoded(file, label, sha, null, null, null, false, e.getMessage());
    }
    float[] tensor = preprocessor == null ? null : preprocessor.tensor(image);
    boolean cachedFeatures = features != null;
    return new Decoded(
        file,
        label,
        sha,
        cachedFeatures ? features : ImageFeatures.of(image),
        tensor,
        null,
        cachedFeatures,
        null);
  }

  private static <T> T get(Future<T> f) throws MlopsException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MlopsException("interrupted while reading images", e);
    } catch (ExecutionException e) {
      throw new MlopsException("reading an image failed: " + e.getCause(), e.getCause());
    }
  }

  private static List<Decoded> await(List<Future<Decoded>> batch) throws MlopsException {
    List<Decoded> out = new ArrayList<>(batch.size());
    for (Future<Decoded> f : batch) {
      out.add(get(f));
    }
    return out;
  }

  private void add(ObservationRows rows, List<Decoded> batch) {
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
      Decoded d = ok.get(i);
      rows.add(d, outputs, i, projection);
      if (d.sha256() != null) {
        if (!d.cachedFeatures()) {
          rows.newFeatures.put(d.sha256(), d.features());
        }
        if (outputs != null && d.stored() == null) {
          rows.newEmbeddings.put(d.sha256(), outputs.embeddings()[i]);
        }
      }
      if (d.fromCache()) {
        rows.fromCache++;
      }
    }
  }

  /**
   * The model's outputs for a batch: a forward pass over the images that were decoded, the final
   * layer alone over stored embeddings; rows in the batch's order.
   */
  private Predictor.Outputs run(List<Decoded> batch) {
    List<Integer> decoded = new ArrayList<>();
    List<Integer> stored = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      (batch.get(i).tensor() != null ? decoded : stored).add(i);
    }
    float[][] probabilities = new float[batch.size()][];
    float[][] embeddings = new float[batch.size()][];
    if (!decoded.isEmpty()) {
      int size = batch.get(decoded.get(0)).tensor().length;
      float[] pixels = new float[decoded.size() * size];
      for (int j = 0; j < decoded.size(); j++) {
        System.arraycopy(batch.get(decoded.get(j)).tensor(), 0, pixels, j * size, size);
      }
      Predictor.Outputs out = predictor.outputs(pixels, decoded.size());
      for (int j = 0; j < decoded.size(); j++) {
        probabilities[decoded.get(j)] = out.probabilities()[j];
        embeddings[decoded.get(j)] = out.embeddings()[j];
      }
    }
    if (!stored.isEmpty()) {
      float[][] in = new float[stored.size()][];
      for (int j = 0; j < stored.size(); j++) {
        in[j] = batch.get(stored.get(j)).stored();
      }
      float[][] p = predictor.probabilitiesOfEmbeddings(in);
      for (int j = 0; j < stored.size(); j++) {
        probabilities[stored.get(j)] = p[j];
        embeddings[stored.get(j)] = in[j];
      }
    }
    return new Predictor.Outputs(probabilities, embeddings);
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
}
