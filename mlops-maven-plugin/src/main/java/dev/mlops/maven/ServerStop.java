package dev.mlops.maven;

import dev.mlops.serving.PredictionServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * When {@code mlops:serve} stops: when the JVM is stopped (Ctrl-C, SIGTERM), or, for scripts and
 * tests, after a time or when a stop file appears. Ctrl-C does not return control to the goal (the
 * JVM runs its shutdown hooks and exits), so a hook closes the server gracefully; the other stops
 * return to the goal, which closes it and ends the build normally.
 */
final class ServerStop {
  // How often the stop file and the clock are looked at: a stop is noticed within this time.
  private static final long POLL_MILLIS = 200;

  private final long stopAfterSeconds;
  private final Path stopFile;

  /**
   * @param stopAfterSeconds seconds after which to stop; 0 for no limit
   * @param stopFile the file whose appearance stops the server, or null
   */
  ServerStop(long stopAfterSeconds, Path stopFile) {
    this.stopAfterSeconds = stopAfterSeconds;
    this.stopFile = stopFile;
  }

  /** One line saying how the server stops. */
  String describe() {
    return "Serving until Ctrl-C"
        + (stopAfterSeconds > 0 ? ", for at most " + stopAfterSeconds + " s" : "")
        + (stopFile != null ? ", or until " + stopFile + " appears" : "");
  }

  /**
   * Blocks until a stop condition holds.
   *
   * @return why the goal stops; null when the JVM is stopping (a hook then closes {@code server})
   */
  String await(PredictionServer server) {
    CountDownLatch jvmStopping = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              jvmStopping.countDown();
              server.close();
            },
            "mlops-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return poll(jvmStopping);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is already stopping: the hook runs and closes the server.
      }
    }
  }

  private String poll(CountDownLatch jvmStopping) {
    long start = System.nanoTime();
    long limit = TimeUnit.SECONDS.toNanos(stopAfterSeconds);
    try {
      while (true) {
        if (stopFile != null && Files.exists(stopFile)) {
          return "the stop file " + stopFile + " appeared";
        }
        if (stopAfterSeconds > 0 && System.nanoTime() - start >= limit) {
          return "stopAfterSeconds (" + stopAfterSeconds + ") passed";
        }
        if (jvmStopping.await(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
          return null;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "the build thread was interrupted";
    }
  }
}
