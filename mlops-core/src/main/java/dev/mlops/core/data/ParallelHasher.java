package dev.mlops.core.data;

import dev.mlops.core.MlopsException;
import dev.mlops.core.data.DatasetScanner.FoundFile;
import dev.mlops.core.store.Hashing;
import dev.mlops.core.store.StagedObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Hashes the files the cache does not know, on several threads, and updates the cache. */
final class ParallelHasher {
  /** Below this many files, thread start-up costs more than it saves. */
  private static final int MIN_PARALLEL = 64;

  private final int threads;
  private final StagedObjects staging;

  /** Hashes on {@code threads} threads; with {@code staging}, copies files into it meanwhile. */
  ParallelHasher(int threads, StagedObjects staging) {
    this.threads = threads;
    this.staging = staging;
  }

  /**
   * The outcome of hashing.
   *
   * @param sha256 the hash of each image, index-aligned with the list given
   * @param hashedFiles how many files were read
   * @param hashedBytes how many bytes were read
   */
  record Outcome(String[] sha256, int hashedFiles, long hashedBytes) {}

  Outcome hashAll(Path dir, List<FoundFile> images, HashCache cache, long racyBefore)
      throws MlopsException {
    String[] shas = new String[images.size()];
    List<Integer> todo = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      FoundFile f = images.get(i);
      shas[i] = cache.lookup(f.path(), f.size(), f.mtimeNanos());
      if (shas[i] == null) {
        todo.add(i);
      }
    }
    hash(dir, images, todo, shas);
    long bytes = 0;
    for (int i : todo) {
      FoundFile f = images.get(i);
      bytes += f.size();
      if (f.mtimeNanos() < racyBefore) {
        cache.put(f.path(), f.size(), f.mtimeNanos(), shas[i]);
      }
    }
    return new Outcome(shas, todo.size(), bytes);
  }

  private void hash(Path dir, List<FoundFile> images, List<Integer> todo, String[] shas)
      throws MlopsException {
    // Staging creates files, which waits on the file system's metadata: more threads, as the
    // store's own batches use.
    int wanted = staging == null ? threads : Math.max(threads, StagedObjects.THREADS);
    int workers = todo.size() < MIN_PARALLEL ? 1 : Math.min(wanted, todo.size());
    AtomicInteger next = new AtomicInteger();
    Runnable worker =
        () -> {
          Hashing hashing = new Hashing();
          for (int k = next.getAndIncrement(); k < todo.size(); k = next.getAndIncrement()) {
            int i = todo.get(k);
            try {
              Path file = dir.resolve(images.get(i).path());
              shas[i] = staging == null ? hashing.hash(file) : staging.hashOrStage(file, hashing);
            } catch (IOException e) {
              throw new UncheckedIOException(images.get(i).path(), e);
            }
          }
        };
    if (workers == 1) {
      runInline(worker, dir);
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        futures.add(pool.submit(worker));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw readError(dir, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MlopsException("interrupted while hashing " + FileNames.display(dir), e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void runInline(Runnable worker, Path dir) throws MlopsException {
    try {
      worker.run();
    } catch (UncheckedIOException e) {
      throw readError(dir, e);
    }
  }

  private static MlopsException readError(Path dir, Throwable cause) {
    if (cause instanceof UncheckedIOException io) {
      return new MlopsException(
          "cannot read "
              + FileNames.display(dir.resolve(io.getMessage()))
              + ": "
              + FileNames.escape(String.valueOf(io.getCause()))
              + "; check that the file is readable and not being replaced during the build",
          io.getCause());
    }
    if (cause instanceof RuntimeException re) {
      throw re;
    }
    throw new IllegalStateException(cause);
  }
}
