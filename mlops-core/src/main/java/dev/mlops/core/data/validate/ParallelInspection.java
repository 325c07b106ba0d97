package dev.mlops.core.data.validate;

import dev.mlops.core.MlopsException;
import dev.mlops.core.data.ManifestEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Inspects the images of one machine on a pool of threads, in batches, for {@link DataValidator}.
 */
final class ParallelInspection {
  private ParallelInspection() {}

  /** One inspection per entry, in the order of {@code entries}. */
  static List<ImageInfo> inspect(
      Path dataDirectory, List<ManifestEntry> entries, ImageInspector inspector, int threads)
      throws MlopsException {
    // Batches amortise task overhead; several per thread keep the threads evenly busy.
    int batch = Math.max(1, Math.min(64, entries.size() / (threads * 4)));
    ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
    try {
      List<Future<List<ImageInfo>>> futures = new ArrayList<>();
      for (int from = 0; from < entries.size(); from += batch) {
        List<ManifestEntry> slice = entries.subList(from, Math.min(entries.size(), from + batch));
        futures.add(pool.submit(() -> inspectAll(dataDirectory, slice, inspector)));
      }
      List<ImageInfo> images = new ArrayList<>(entries.size());
      for (Future<List<ImageInfo>> future : futures) {
        images.addAll(future.get());
      }
      return images;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MlopsException("dataset validation was interrupted", e);
    } catch (ExecutionException e) {
      throw unwrap(e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<ImageInfo> inspectAll(
      Path dataDirectory, List<ManifestEntry> entries, ImageInspector inspector)
      throws IOException {
    List<ImageInfo> images = new ArrayList<>(entries.size());
    for (ManifestEntry entry : entries) {
      images.add(inspector.inspect(dataDirectory, entry));
    }
    return images;
  }

  private static MlopsException unwrap(ExecutionException e) {
    Throwable cause = e.getCause();
    if (cause instanceof IOException) {
      return new MlopsException(
          cause.getMessage() + "; check that the data directory is readable and not changing",
          cause);
    }
    if (cause instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new MlopsException("dataset validation failed: " + cause, cause);
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "mlops-validate-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
