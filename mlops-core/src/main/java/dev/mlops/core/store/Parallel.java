package dev.mlops.core.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs one task per index on a small pool of threads, each with its own state (a buffer, a digest),
 * for the store's batch writes. The first failure stops the remaining indexes; it is rethrown only
 * after every running task has ended, so nothing writes behind the caller's back once it returns.
 */
final class Parallel {
  private Parallel() {}

  /** One index of the work, given the worker's own state. */
  @FunctionalInterface
  interface Task<S> {
    void run(int index, S state) throws IOException, StoreException;
  }

  /**
   * Runs {@code task} for every index in {@code [0, count)} on up to {@code threads} threads.
   *
   * @throws IOException or StoreException, the first failure of any task
   */
  static <S> void forEach(int count, int threads, Supplier<S> state, Task<S> task)
      throws IOException, StoreException {
    int workers = Math.min(threads, count);
    if (workers <= 1) {
      S s = state.get();
      for (int i = 0; i < count; i++) {
        task.run(i, s);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean failed = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(workers, Parallel::daemon);
    List<Future<Void>> futures = new ArrayList<>();
    try {
      for (int w = 0; w < workers; w++) {
        futures.add(
            pool.submit(
                () -> {
                  S s = state.get();
                  for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    if (failed.get()) {
                      break;
                    }
                    try {
                      task.run(i, s);
                    } catch (IOException | StoreException | RuntimeException e) {
                      failed.set(true);
                      throw e;
                    }
                  }
                  return null;
                }));
      }
      rethrowFirst(futures);
    } finally {
      pool.shutdown();
    }
  }

  /** Waits for every task (even after a failure), then throws the first failure in task order. */
  private static void rethrowFirst(List<Future<Void>> futures) throws IOException, StoreException {
    Throwable first = null;
    boolean interrupted = false;
    for (Future<Void> f : futures) {
      while (true) {
        try {
          f.get();
          break;
        } catch (ExecutionException e) {
          first = first == null ? e.getCause() : first;
          break;
        } catch (InterruptedException e) {
          // Wait on regardless: returning while workers still write would be worse.
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (first instanceof IOException io) {
      throw io;
    }
    if (first instanceof StoreException se) {
      throw se;
    }
    if (first instanceof RuntimeException re) {
      throw re;
    }
    if (first instanceof Error err) {
      throw err;
    }
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "mlops-store");
    t.setDaemon(true);
    return t;
  }
}
