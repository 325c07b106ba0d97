package dev.mlops.serving;

import dev.mlops.core.experiment.Assignment;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Shadow mode: the treatment scores each image control answered, off the response path. A request
 * only hands the decoded image over ({@link #score} never blocks); one thread preprocesses it for
 * the treatment and queues it for the batcher without waiting, and the log line is written when the
 * probabilities arrive. At most {@code capacity} images are pending: beyond that (or when the
 * batcher's queue is full) shadow work is dropped and counted, so it never slows the answers.
 * {@code latencyMs} of a shadow line runs from the start of its preprocessing to its probabilities
 * (decoding is shared with control and not counted).
 */
final class ShadowScorer implements AutoCloseable {
  private final Batcher batcher;
  private final PredictionLog log;
  private final ServingMetrics metrics;
  private final Duration timeout;
  private final int capacity;
  private final Semaphore permits;
  // One plain thread: preprocessing is Java code (the native inference runs on the batcher's
  // large-stack engine thread), and one is enough to keep the batcher fed.
  private final ThreadPoolExecutor executor =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.MILLISECONDS,
          new LinkedBlockingQueue<>(),
          r -> {
            Thread t = new Thread(r, "mlops-shadow");
            t.setDaemon(true);
            return t;
          });

  /** One image to score: what the treatment needs, copied so the model may close meanwhile. */
  private record Task(
      ServedModel model,
      String experiment,
      String version,
      List<String> labels,
      BufferedImage image,
      Map<String, Object> answered) {}

  /**
   * @param log where shadow lines go, or null (then only the metrics count them)
   * @param capacity most images pending at once
   * @param timeout longest wait for a shadow score before it is dropped
   */
  ShadowScorer(
      Batcher batcher, PredictionLog log, ServingMetrics metrics, int capacity, Duration timeout) {
    this.batcher = batcher;
    this.log = log;
    this.metrics = metrics;
    this.timeout = timeout;
    this.capacity = capacity;
    this.permits = new Semaphore(capacity);
    metrics.shadowPending(this::pending);
  }

  /** Images queued or being scored now. */
  int pending() {
    return capacity - permits.availablePermits();
  }

  /**
   * Queues {@code image} for {@code treatment}, whose reference the caller keeps (this takes its
   * own); returns at once.
   *
   * @param answered the log line of control's answer (request, image, user, experiment)
   */
  void score(ServedModel treatment, BufferedImage image, Map<String, Object> answered) {
    String experiment = (String) answered.get("experiment");
    if (!permits.tryAcquire()) {
      metrics.shadowDropped(experiment, "queue_full");
      return;
    }
    if (!treatment.acquire()) {
      permits.release();
      metrics.shadowDropped(experiment, "stopped");
      return;
    }
    Task task =
        new Task(
            treatment,
            experiment,
            treatment.info().versionName(),
            treatment.labels(),
            image,
            answered);
    execute(() -> prepare(task), task, true);
  }

  private void prepare(Task task) {
    if (!batcher.shadowRoom()) {
      // Under sustained load the engine never idles long enough: spend no preprocessing on it.
      task.model().release();
      dropped(task, "queue_full");
      return;
    }
    long start = System.nanoTime();
    float[] tensor;
    try {
      tensor = task.model().preprocessor().tensor(task.image());
    } catch (RuntimeException e) {
      task.model().release();
      dropped(task, "error");
      return;
    }
    CompletableFuture<float[]> result = new CompletableFuture<>();
    // The job takes over the model reference; the batcher drops it once the job ran.
    if (!batcher.submitShadow(new Batcher.Job(task.model(), tensor, result))) {
      task.model().release();
      dropped(task, "queue_full");
      return;
    }
    // Completed on the engine thread: hand the rest back to the shadow thread at once.
    result
        .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
        .whenComplete((row, error) -> execute(() -> finish(task, row, error, start), task, false));
  }

  private void finish(Task task, float[] row, Throwable error, long start) {
    if (error != null) {
      dropped(task, error instanceof TimeoutException ? "timeout" : "error");
      return;
    }
    try {
      double latencyMs = (System.nanoTime() - start) / 1e6;
      Map<String, Object> line =
          Answers.shadowLine(task.answered(), task.version(), task.labels(), row, latencyMs);
      if (log != null) {
        log.write(List.of(line));
      }
      metrics.experimentPrediction(task.experiment(), Assignment.TREATMENT, task.version());
    } catch (RuntimeException e) {
      // A log that cannot be written fails the answers too (and says so there); here it is counted.
      metrics.shadowDropped(task.experiment(), "error");
    } finally {
      permits.release();
    }
  }

  private void dropped(Task task, String reason) {
    metrics.shadowDropped(task.experiment(), reason);
    permits.release();
  }

  /** Runs {@code work} on the shadow thread; once stopped, drops the task instead. */
  private void execute(Runnable work, Task task, boolean holdsModel) {
    try {
      executor.execute(work);
    } catch (RejectedExecutionException e) {
      if (holdsModel) {
        task.model().release();
      }
      dropped(task, "stopped");
    }
  }

  /** Runs {@code work} on the shadow thread, behind the images queued before it (for tests). */
  void runOnShadowThreadForTest(Runnable work) {
    executor.execute(work);
  }

  /** Finishes the images queued (for at most 5 s), then stops the thread. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
  }
}
