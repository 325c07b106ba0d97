package dev.mlops.core.features;

import dev.mlops.core.EngineThreads;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.data.FileNames;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Computes and stores the values a view lacks, incrementally: images whose content hash has values
 * already are not read at all. Decoding threads prepare the next batches while one engine thread
 * (large stack, see {@link EngineThreads}) finishes the current one; values are committed every
 * 4,096 rows or every second, so a killed run keeps every committed row and the next run computes
 * only the rest.
 */
public final class FeatureMaterializer {
  /** A progress line at most this often: long runs show progress, short ones stay quiet. */
  private static final long PROGRESS_INTERVAL_NANOS = 10_000_000_000L;

  /**
   * Rows per transaction at most, and the longest wait before a commit. Each commit writes every
   * page it dirtied to the WAL, and random content hashes dirty pages all over the table, so
   * commits of 256 rows cost about 8 us per row and of 4096 about 2 us; a killed run loses at most
   * the last second's values.
   */
  private static final int COMMIT_ROWS = 4096;

  private static final long COMMIT_NANOS = 1_000_000_000L;

  private final FeatureStore store;
  private final int workers;
  private final Progress progress;

  /**
   * Creates a materializer.
   *
   * @param workers decoding threads
   */
  public FeatureMaterializer(FeatureStore store, int workers, Progress progress) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1, got " + workers);
    }
    this.store = store;
    this.workers = workers;
    this.progress = progress;
  }

  /** One prepared image, or why it could not be read. */
  private record Prepared<P>(ImageRef image, P value, String error) {}

  /**
   * Computes the values of {@code extractor}'s view for those of {@code images} (one per content
   * hash) the store lacks.
   */
  public <P> MaterializeResult materialize(FeatureExtractor<P> extractor, List<ImageRef> images)
      throws MlopsException {
    long start = System.nanoTime();
    FeatureView view = extractor.view();
    Map<String, ImageRef> distinct = new LinkedHashMap<>();
    for (ImageRef image : images) {
      distinct.putIfAbsent(image.sha256(), image);
    }
    Set<String> stored = store.keys(view);
    List<ImageRef> todo = new ArrayList<>();
    for (ImageRef image : distinct.values()) {
      if (!stored.contains(image.sha256())) {
        todo.add(image);
      }
    }
    if (todo.isEmpty()) {
      return new MaterializeResult(
          view, 0, distinct.size(), List.of(), (System.nanoTime() - start) / 1e9);
    }
    store.register(view);
    int[] computed = new int[1];
    List<String> failed = new ArrayList<>();
    EngineThreads.call(
        "mlops-features",
        () -> {
          run(extractor, todo, computed, failed, start);
          return null;
        });
    int reused = distinct.size() - computed[0] - failed.size();
    return new MaterializeResult(
        view, computed[0], reused, failed, (System.nanoTime() - start) / 1e9);
  }

  private <P> void run(
      FeatureExtractor<P> extractor,
      List<ImageRef> todo,
      int[] computed,
      List<String> failed,
      long start)
      throws MlopsException {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, "mlops-features-decode");
              t.setDaemon(true);
              return t;
            });
    try {
      int batchSize = Math.max(1, extractor.batchSize());
      Deque<List<Future<Prepared<P>>>> pending = new ArrayDeque<>();
      int next = 0;
      int done = 0;
      long lastReport = start;
      long lastCommit = start;
      Map<String, double[]> rows = new LinkedHashMap<>();
      while (next < todo.size() || !pending.isEmpty()) {
        while (pending.size() < extractor.batchesAhead() + 1 && next < todo.size()) {
          int end = Math.min(todo.size(), next + batchSize);
          List<Future<Prepared<P>>> batch = new ArrayList<>(end - next);
          for (ImageRef image : todo.subList(next, end)) {
            batch.add(pool.submit(() -> prepare(extractor, image)));
          }
          pending.add(batch);
          next = end;
        }
        List<Prepared<P>> batch = await(pending.removeFirst());
        done += batch.size();
        rows.putAll(values(extractor, batch, failed));
        long now = System.nanoTime();
        if (rows.size() >= COMMIT_ROWS || now - lastCommit >= COMMIT_NANOS || pending.isEmpty()) {
          computed[0] += store.put(extractor.view(), rows);
          rows.clear();
          lastCommit = now;
        }
        if (now - lastReport >= PROGRESS_INTERVAL_NANOS && done < todo.size()) {
          lastReport = now;
          progress.info(progressLine(extractor.view(), done, todo.size(), start));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The values of {@code images} computed in the calling thread, as {@link #materialize} computes
   * them (the same prepare and finish steps, in batches of {@link FeatureExtractor#batchSize()} cut
   * from the start of {@code images}), without a store: what one Spark partition runs. A caller
   * that hands over a run of {@link #materialize}'s list starting at a batch boundary gets the same
   * batches, so a model's values are bit-identical (a batch's composition can change the last bits
   * of a forward pass). Images that cannot be read are left out and added to {@code failed} as
   * {@code "name: why"}.
   *
   * @return values by content hash, in the order of {@code images}
   */
  public static <P> Map<String, double[]> compute(
      FeatureExtractor<P> extractor, List<ImageRef> images, List<String> failed) {
    int batchSize = Math.max(1, extractor.batchSize());
    Map<String, double[]> rows = new LinkedHashMap<>();
    for (int from = 0; from < images.size(); from += batchSize) {
      List<ImageRef> window = images.subList(from, Math.min(images.size(), from + batchSize));
      List<Prepared<P>> batch = new ArrayList<>(window.size());
      for (ImageRef image : window) {
        batch.add(prepare(extractor, image));
      }
      rows.putAll(values(extractor, batch, failed));
    }
    return rows;
  }

  private static <P> Prepared<P> prepare(FeatureExtractor<P> extractor, ImageRef image) {
    try {
      return new Prepared<>(image, extractor.prepare(image.file()), null);
    } catch (InvalidInputException e) {
      return new Prepared<>(image, null, e.getMessage());
    } catch (RuntimeException e) {
      // a decoder bug on one odd file must not stop the others: it is listed as failed
      return new Prepared<>(image, null, e.toString());
    }
  }

  /** The values of a batch's readable images by content hash; the others are listed as failed. */
  private static <P> Map<String, double[]> values(
      FeatureExtractor<P> extractor, List<Prepared<P>> batch, List<String> failed) {
    List<Prepared<P>> ok = new ArrayList<>(batch.size());
    for (Prepared<P> p : batch) {
      if (p.error() == null) {
        ok.add(p);
      } else {
        failed.add(FileNames.escape(p.image().name()) + ": " + p.error());
      }
    }
    Map<String, double[]> rows = new LinkedHashMap<>();
    if (ok.isEmpty()) {
      return rows;
    }
    double[][] values = extractor.finish(ok.stream().map(Prepared::value).toList());
    for (int i = 0; i < ok.size(); i++) {
      rows.put(ok.get(i).image().sha256(), values[i]);
    }
    return rows;
  }

  private static <P> List<Prepared<P>> await(List<Future<Prepared<P>>> batch)
      throws MlopsException {
    List<Prepared<P>> out = new ArrayList<>(batch.size());
    for (Future<Prepared<P>> f : batch) {
      try {
        out.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MlopsException("interrupted while computing features", e);
      } catch (ExecutionException e) {
        throw new MlopsException("computing features failed: " + e.getCause(), e.getCause());
      }
    }
    return out;
  }

  private static String progressLine(FeatureView view, int done, int total, long start) {
    double seconds = (System.nanoTime() - start) / 1e9;
    double rate = done / Math.max(seconds, 1e-9);
    return String.format(
        Locale.ROOT,
        "features %s: %d/%d images, %.0f img/s, ETA %.0f s",
        view.name(),
        done,
        total,
        rate,
        (total - done) / Math.max(rate, 1e-9));
  }
}
