package dev.mlops.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.AWTError;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChartRendererTest {
  private static final byte[] PNG = {1, 2, 3};

  @Test
  void render_drawThatNeverEnds_givesUpAtTheDeadlineAndSkipsLaterCharts() throws Exception {
    ChartRenderer renderer = new ChartRenderer(Duration.ofMillis(200));
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger started = new AtomicInteger();
    try {
      long start = System.nanoTime();
      ChartRenderer.Outcome hung =
          renderer.render(
              "stuck",
              () -> {
                started.incrementAndGet();
                // Stands in for XChart's endless loop; a latch, so the test leaves no spinning
                // thread.
                release.await();
                return PNG;
              });
      long millis = (System.nanoTime() - start) / 1_000_000;

      assertThat(hung.drawn()).isFalse();
      assertThat(hung.failure()).isEqualTo("drawing took longer than 200 ms");
      assertThat(millis).isBetween(200L, 5_000L);
      ChartRenderer.Outcome next = renderer.render("next", () -> PNG);
      assertThat(next.drawn()).isFalse();
      assertThat(next.failure()).isEqualTo("an earlier chart on this page (stuck) timed out");
      assertThat(started).hasValue(1);
    } finally {
      release.countDown();
    }
  }

  @Test
  void render_onItsOwnDaemonThread_returnsTheBytes() {
    AtomicBoolean daemon = new AtomicBoolean();
    Thread caller = Thread.currentThread();
    AtomicBoolean other = new AtomicBoolean();

    ChartRenderer.Outcome outcome =
        new ChartRenderer(Duration.ofSeconds(5))
            .render(
                "fine",
                () -> {
                  daemon.set(Thread.currentThread().isDaemon());
                  other.set(Thread.currentThread() != caller);
                  return PNG;
                });

    assertThat(outcome.drawn()).isTrue();
    assertThat(outcome.png()).isEqualTo(PNG);
    assertThat(daemon).isTrue();
    assertThat(other).isTrue();
  }

  @Test
  void render_failuresAChartCanHave_becomeOutcomesWithTheReason() {
    ChartRenderer renderer = new ChartRenderer(Duration.ofSeconds(5));
    assertFailure(
        renderer,
        () -> {
          throw new IllegalArgumentException("Series data cannot be empty");
        },
        "java.lang.IllegalArgumentException: Series data cannot be empty");
    assertFailure(
        renderer,
        () -> {
          throw new IOException("disk full");
        },
        "java.io.IOException: disk full");
    assertFailure(
        renderer,
        () -> {
          throw new AWTError("Can't connect to X11 window server");
        },
        "java.awt.AWTError: Can't connect to X11 window server");
    assertFailure(
        renderer,
        () -> {
          throw new UnsatisfiedLinkError("libfontmanager.so");
        },
        "java.lang.UnsatisfiedLinkError: libfontmanager.so");
    assertFailure(
        renderer,
        () -> {
          throw new InternalError("java.lang.reflect.InvocationTargetException");
        },
        "java.lang.InternalError: java.lang.reflect.InvocationTargetException");
    // none of them stops the next chart
    assertThat(renderer.render("after", () -> PNG).drawn()).isTrue();
  }

  @Test
  void render_outOfMemory_isNotSwallowed() {
    ChartRenderer renderer = new ChartRenderer(Duration.ofSeconds(5));

    assertThatThrownBy(
            () ->
                renderer.render(
                    "huge",
                    () -> {
                      throw new OutOfMemoryError("Java heap space");
                    }))
        .isInstanceOf(OutOfMemoryError.class);
  }

  private static void assertFailure(ChartRenderer renderer, Callable<byte[]> draw, String reason) {
    ChartRenderer.Outcome outcome = renderer.render("failing", draw);
    assertThat(outcome.drawn()).isFalse();
    assertThat(outcome.failure()).isEqualTo(reason);
    assertThat(outcome.cause()).isNotNull();
  }
}
