package dev.mlops.serving;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Dynamic batching: images wait at most {@code maxBatchDelay} for others to fill a batch of up to
 * {@code maxBatchSize}, but only while other requests' images are being decoded (and so about to
 * arrive): a lone request runs at once. A batch runs in one inference call on a single engine
 * thread (ONNX Runtime parallelises inside the call). Images preprocessed for different model
 * versions (during a hot swap) never share a batch. The queue is bounded: {@link #submit} refuses
 * an image when {@code queueCapacity} wait already, which the API answers with 429.
 *
 * <p>Shadow scoring ({@link #submitShadow}) is deferred work: a shadow image runs alone, and only
 * when the engine has had no answered request's image to run or expect for {@link #SHADOW_IDLE}.
 * Inference cannot be pre-empted, so this bounds what a shadow score can cost a request to one
 * single-image inference that started in an idle moment; under sustained load shadow images are not
 * run at all, and the shadow scorer counts them dropped. At most {@link #SHADOW_WAITING} wait.
 */
final class Batcher implements AutoCloseable {
  /** One image waiting for inference; the future completes with its probabilities. */
  record Job(ServedModel model, float[] tensor, CompletableFuture<float[]> result) {}

  /** Where batches are reported. */
  interface Listener {
    void batch(int size, double seconds);
  }

  // Large stack: native inference kernels (PyTorch through DJL, ONNX Runtime) need deep stacks
  // on some CPUs; with the JVM default the AVX2 machine dies with SIGSEGV in DJL.
  private static final long ENGINE_STACK_BYTES = 64L * 1024 * 1024;
  private static final long WAIT_STEP_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

  /**
   * How long the engine must have been free of answered requests' work before a shadow image runs:
   * longer than the gap between an answer and the same client's next request (a closed-loop client
   * sends it within about a millisecond), shorter than a person's pause.
   */
  static final Duration SHADOW_IDLE = Duration.ofMillis(5);

  /** Shadow images that may wait; more are refused (their tensors are large, and may go stale). */
  static final int SHADOW_WAITING = 32;

  private final LinkedBlockingQueue<Job> shadows = new LinkedBlockingQueue<>(SHADOW_WAITING);
  // When the engine last had an answered request's image queued, running or being decoded.
  private volatile long lastBusyNanos = System.nanoTime();

  private final int maxBatchSize;
  private final long maxDelayNanos;
  private final int capacity;
  private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger waiting = new AtomicInteger();
  private final Listener listener;
  private final Thread engine;
  // Images being decoded right now: they will join the queue in a moment. When there are none,
  // a batch runs at once instead of waiting for maxBatchDelay (no delay for a lone client).
  private final AtomicInteger preparing = new AtomicInteger();
  private volatile boolean running = true;
  // A job taken from the queue that belongs to another model version than the batch it was taken
  // for: it opens the next batch. Only the engine thread touches it.
  private Job carried;

  Batcher(int maxBatchSize, long maxDelayNanos, int capacity, Listener listener) {
    this.maxBatchSize = maxBatchSize;
    this.maxDelayNanos = maxDelayNanos;
    this.capacity = capacity;
    this.listener = listener;
    this.engine = new Thread(null, this::loop, "mlops-inference", ENGINE_STACK_BYTES);
    engine.setDaemon(true);
    engine.start();
  }

  /**
   * Queues an image.
   *
   * @return false when the queue is full (or the batcher stopped): answer 429
   */
  boolean submit(Job job) {
    if (!running) {
      return false;
    }
    while (true) {
      int n = waiting.get();
      if (n >= capacity) {
        return false;
      }
      if (waiting.compareAndSet(n, n + 1)) {
        break;
      }
    }
    lastBusyNanos = System.nanoTime();
    queue.add(job);
    return true;
  }

  /**
   * Queues a shadow image, run only when the engine is otherwise idle (see the class comment).
   *
   * @return false when {@link #SHADOW_WAITING} already wait (or the batcher stopped)
   */
  boolean submitShadow(Job job) {
    return running && shadows.offer(job);
  }

  /** Whether a shadow image would be taken now (checked before its preprocessing is spent). */
  boolean shadowRoom() {
    return running && shadows.remainingCapacity() > 0;
  }

  /** Counts {@code n} images whose decoding starts; {@link #prepared} when queued or dropped. */
  void preparing(int n) {
    lastBusyNanos = System.nanoTime();
    preparing.addAndGet(n);
  }

  /** The {@code n} images counted by {@link #preparing} are queued, or failed. */
  void prepared(int n) {
    preparing.addAndGet(-n);
  }

  /** Images waiting for inference. */
  int depth() {
    return waiting.get();
  }

  private void loop() {
    while (running || carried != null || !queue.isEmpty()) {
      try {
        List<Job> batch = nextBatch();
        if (!batch.isEmpty()) {
          run(batch);
          lastBusyNanos = System.nanoTime();
        } else {
          runShadowWhenIdle();
        }
      } catch (InterruptedException e) {
        if (!running) {
          break;
        }
      } catch (RuntimeException | Error e) {
        // Never let one failure stop the engine thread: the batch's requests get the error.
        System.err.println("mlops-serving: inference loop error: " + e);
      }
    }
  }

  private List<Job> nextBatch() throws InterruptedException {
    Job first = carried;
    carried = null;
    if (first == null) {
      // With shadow images waiting, look again soon: they run once the engine has been idle.
      first = queue.poll(shadows.isEmpty() ? 100 : 1, TimeUnit.MILLISECONDS);
      if (first == null) {
        return List.of();
      }
    }
    List<Job> batch = new ArrayList<>(maxBatchSize);
    batch.add(first);
    long deadline = System.nanoTime() + maxDelayNanos;
    while (batch.size() < maxBatchSize) {
      Job next = queue.poll();
      if (next == null) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || preparing.get() == 0) {
          break;
        }
        // Someone is decoding: wait a little for that image, then look again.
        next = queue.poll(Math.min(left, WAIT_STEP_NANOS), TimeUnit.NANOSECONDS);
        if (next == null) {
          continue;
        }
      }
      if (next.model() != first.model()) {
        carried = next;
        break;
      }
      batch.add(next);
    }
    return batch;
  }

  /** Runs one shadow image when nothing answered has been queued or decoded for a while. */
  private void runShadowWhenIdle() {
    if (shadows.isEmpty()
        || !queue.isEmpty()
        || preparing.get() > 0
        || System.nanoTime() - lastBusyNanos < SHADOW_IDLE.toNanos()) {
      return;
    }
    Job shadow = shadows.poll();
    if (shadow != null) {
      try {
        infer(List.of(shadow));
      } finally {
        shadow.model().release();
      }
    }
  }

  private void run(List<Job> taken) {
    waiting.addAndGet(-taken.size());
    try {
      infer(taken);
    } finally {
      // Every job holds a reference to its model (see Classification.submit).
      for (Job job : taken) {
        job.model().release();
      }
    }
  }

  private void infer(List<Job> taken) {
    // Requests that timed out meanwhile are already answered: skip their images.
    List<Job> batch = new ArrayList<>(taken.size());
    for (Job job : taken) {
      if (!job.result().isDone()) {
        batch.add(job);
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    ServedModel model = batch.get(0).model();
    int n = batch.size();
    int size = batch.get(0).tensor().length;
    float[] pixels = new float[n * size];
    for (int i = 0; i < n; i++) {
      System.arraycopy(batch.get(i).tensor(), 0, pixels, i * size, size);
    }
    long start = System.nanoTime();
    float[][] rows;
    try {
      rows = model.classifier().probabilities(pixels, n);
    } catch (RuntimeException e) {
      for (Job job : batch) {
        job.result().completeExceptionally(e);
      }
      return;
    }
    listener.batch(n, (System.nanoTime() - start) / 1e9);
    for (int i = 0; i < n; i++) {
      batch.get(i).result().complete(rows[i]);
    }
  }

  /** Stops taking images, runs those already queued, and waits for the engine thread. */
  @Override
  public void close() {
    running = false;
    try {
      engine.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Shadow images never ran: their scorer counts them when their wait times out.
    for (Job shadow; (shadow = shadows.poll()) != null; ) {
      shadow.result().cancel(false);
      shadow.model().release();
    }
  }
}
