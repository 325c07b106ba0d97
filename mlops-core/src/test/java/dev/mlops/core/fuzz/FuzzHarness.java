package dev.mlops.core.fuzz;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Pushes files through every target, each call on a worker thread bounded by {@code timeout}, and
 * keeps the score: crashes (an exception that escaped, a report that does not name the file, an
 * image decoded although its header is over maxPixels), hangs (a call past the timeout: its thread
 * is abandoned and a fresh one takes over), the slowest file, the heap. Files that crashed or hung
 * are copied to {@code work/failed/} to become regression cases. One harness per thread.
 */
public final class FuzzHarness implements AutoCloseable {
  private final Path work;
  private final List<FuzzTarget> targets;
  private final long maxPixels;
  private final Duration timeout;
  private final Map<String, Integer> reportedBy = new LinkedHashMap<>();
  private final List<FuzzReport.Problem> crashes = new ArrayList<>();
  private final List<FuzzReport.Problem> hangs = new ArrayList<>();
  private final List<String> badFiles = new ArrayList<>();
  private ExecutorService worker = newWorker();
  private int files;
  private long maxFileNanos;
  private String slowestFile = "";
  private long maxLiveBytes;

  /**
   * Creates a harness.
   *
   * @param work a scratch directory (one subdirectory per file, deleted after it)
   * @param targets what each file goes through
   * @param maxPixels the limit the decoding targets were given
   * @param timeout the bound of one target call
   */
  public FuzzHarness(Path work, List<FuzzTarget> targets, long maxPixels, Duration timeout) {
    this.work = work;
    this.targets = List.copyOf(targets);
    this.maxPixels = maxPixels;
    this.timeout = timeout;
    targets.forEach(t -> reportedBy.put(t.name(), 0));
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  /** Runs every target on one file. */
  public void run(String name, String mutations, byte[] bytes) {
    files++;
    long start = System.nanoTime();
    Path dir = work.resolve("case-" + files);
    String relative = "a/" + name;
    FuzzTarget.FuzzCase c = new FuzzTarget.FuzzCase(dir, relative, bytes);
    StringBuilder reports = new StringBuilder();
    boolean failed = false;
    try {
      Files.createDirectories(dir.resolve("a"));
      Files.write(c.file(), bytes);
      long[] header = header(bytes);
      boolean oversized = header != null && header[0] * header[1] > maxPixels;
      for (FuzzTarget target : targets) {
        String problem = call(target, c, oversized);
        if (problem == null) {
          continue;
        }
        if (problem.startsWith("reported: ")) {
          reportedBy.merge(target.name(), 1, Integer::sum);
          String message = problem.substring("reported: ".length()).replaceAll("\\s+", " ");
          reports.append('\t').append(target.name()).append(": ").append(abbreviate(message));
          continue;
        }
        failed = true;
        var p = new FuzzReport.Problem(target.name(), name, mutations, problem);
        (problem.startsWith("timeout") ? hangs : crashes).add(p);
      }
      if (failed) {
        Files.createDirectories(work.resolve("failed"));
        Files.write(work.resolve("failed").resolve(name), bytes);
      }
      deleteTree(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (reports.length() > 0) {
      badFiles.add(name + "\t" + mutations + reports);
    }
    long nanos = System.nanoTime() - start;
    if (nanos > maxFileNanos) {
      maxFileNanos = nanos;
      slowestFile = name + " (" + mutations + ")";
    }
    maxLiveBytes = Math.max(maxLiveBytes, liveBytes());
  }

  /** Null when accepted, "reported: ..." when properly reported, else what went wrong. */
  private String call(FuzzTarget target, FuzzTarget.FuzzCase c, boolean oversized) {
    FuzzTarget.Outcome outcome;
    try {
      outcome = bounded(() -> target.handle(c));
    } catch (TimeoutException e) {
      worker.shutdownNow();
      worker = newWorker();
      return "timeout: no answer within " + timeout.toMillis() + " ms";
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      return "escaped: " + cause + " at " + firstFrame(cause);
    }
    if (oversized && target.decodes()) {
      if (!outcome.reported() || !outcome.message().contains("maxPixels")) {
        return "header over maxPixels " + maxPixels + " not refused before decoding: " + outcome;
      }
    }
    if (!outcome.reported()) {
      return null;
    }
    if (!outcome.message().contains(c.name())) {
      return "reported without naming the file: " + outcome.message();
    }
    return "reported: " + outcome.message();
  }

  private <T> T bounded(Callable<T> task) throws TimeoutException, ExecutionException {
    Future<T> future = worker.submit(task);
    try {
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw e;
    }
  }

  /** Width and height as ImageIO reads them from the header, or null when it cannot. */
  private long[] header(byte[] bytes) {
    try {
      return bounded(() -> dimensions(bytes));
    } catch (TimeoutException | ExecutionException e) {
      worker.shutdownNow();
      worker = newWorker();
      return null;
    }
  }

  private static long[] dimensions(byte[] bytes) {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        return null;
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        return new long[] {reader.getWidth(0), reader.getHeight(0)};
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The heap in use after the last collection of each heap pool: the live data, not garbage. */
  private static long liveBytes() {
    long live = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
        live += pool.getCollectionUsage().getUsed();
      }
    }
    return live;
  }

  /** The score so far. */
  public FuzzReport report() {
    long oldGenPeak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && !pool.getName().contains("Eden")) {
        oldGenPeak = Math.max(oldGenPeak, pool.getPeakUsage().getUsed());
      }
    }
    return new FuzzReport(
        files,
        List.copyOf(crashes),
        List.copyOf(hangs),
        maxFileNanos / 1e6,
        slowestFile,
        Map.copyOf(reportedBy),
        List.copyOf(badFiles),
        oldGenPeak,
        maxLiveBytes,
        Runtime.getRuntime().maxMemory());
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }

  private static String abbreviate(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }

  private static String firstFrame(Throwable t) {
    StackTraceElement[] trace = t.getStackTrace();
    return trace.length == 0 ? "?" : trace[0].toString();
  }

  private static ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, "fuzz-target");
          t.setDaemon(true);
          return t;
        });
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
