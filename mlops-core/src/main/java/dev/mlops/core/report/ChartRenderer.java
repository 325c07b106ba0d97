package dev.mlops.core.report;

import java.awt.AWTError;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Draws one chart at a time on its own daemon thread with a deadline, so that no chart can hang or
 * fail the stage that writes the page: a chart that cannot be drawn in time or at all becomes an
 * {@link Outcome} with the reason, and the page shows its numbers instead.
 *
 * <p>Why a thread and not a plain call: XChart's layout loops never check for interruption (issue
 * 11 was one such loop that never ended), so the only bound we can put on a render is to stop
 * waiting for it. The thread is a daemon so that a render that never ends cannot keep the JVM
 * alive, and it holds none of our locks: it only touches the chart it was given (built inside the
 * task, confined to the thread) and AWT's own font and raster code, so the build that stopped
 * waiting goes on unhindered. Such a thread spins until the JVM exits; after one timeout this
 * renderer draws nothing more (one page has at most one), so a page never leaves more than one
 * behind. Not thread-safe: one renderer per page being written.
 */
final class ChartRenderer {
  /** A normal chart takes tens of milliseconds, the first one of a JVM about a second (fonts). */
  static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);

  private final Duration deadline;
  private String gaveUp;

  /** A renderer that waits at most {@code deadline} for each chart. */
  ChartRenderer(Duration deadline) {
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("chart deadline must be positive: " + deadline);
    }
    this.deadline = deadline;
  }

  /**
   * The result of one render.
   *
   * @param png the encoded chart, or null when it was not drawn
   * @param failure why it was not drawn, or null when it was
   * @param cause the exception behind the failure, or null
   */
  record Outcome(byte[] png, String failure, Throwable cause) {
    boolean drawn() {
      return png != null;
    }
  }

  /**
   * Runs {@code draw} (which builds and encodes the chart) on a fresh daemon thread and waits at
   * most the deadline for it.
   */
  Outcome render(String what, Callable<byte[]> draw) {
    if (gaveUp != null) {
      return new Outcome(null, "an earlier chart on this page (" + gaveUp + ") timed out", null);
    }
    Charts.headless();
    FutureTask<byte[]> task = new FutureTask<>(draw);
    Thread thread = new Thread(task, "mlops-chart " + what);
    thread.setDaemon(true);
    thread.start();
    try {
      return new Outcome(task.get(deadline.toMillis(), TimeUnit.MILLISECONDS), null, null);
    } catch (TimeoutException e) {
      gaveUp = what;
      thread.interrupt(); // in case the draw ever waits interruptibly; XChart's loops do not
      return new Outcome(null, "drawing took longer than " + deadline.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      thread.interrupt();
      return new Outcome(null, "interrupted while drawing", e);
    } catch (ExecutionException e) {
      return failed(e.getCause());
    }
  }

  /**
   * A failure we expect from drawing, or the error itself for one that says the JVM is in trouble
   * (out of memory, stack overflow): those are not a chart's to swallow.
   */
  private static Outcome failed(Throwable cause) {
    if (expected(cause)) {
      return new Outcome(null, cause.toString(), cause);
    }
    if (cause instanceof Error error) {
      throw error;
    }
    // Callable.call may declare any checked exception; ours throw IOException only.
    throw new IllegalStateException("unexpected failure drawing a chart", cause);
  }

  /**
   * What drawing a chart can throw and a page can survive. RuntimeException: XChart validates its
   * input and has numeric edge cases (an IllegalArgumentException for mismatched series, a
   * NumberFormatException from BigDecimal on a non-finite tick step). IOException: the PNG encoder.
   * AWTError: AWT without a display that was not made headless. LinkageError and InternalError: a
   * JRE without its font or imaging native libraries (UnsatisfiedLinkError, "Could not initialize
   * class ...FontManager"; the font manager factory reports a broken font configuration as
   * InternalError).
   */
  private static boolean expected(Throwable t) {
    return t instanceof RuntimeException
        || t instanceof IOException
        || t instanceof AWTError
        || t instanceof LinkageError
        || t instanceof InternalError;
  }
}
