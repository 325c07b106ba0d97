package dev.mlops.core.features;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A separate JVM for {@link FeatureStoreProcessesTest}: materializes {@code image-stats} of every
 * PNG in a directory into a store and prints {@code computed reused failed}. Mode {@code slow}
 * commits in batches of 8 with a 10 ms pause per image on one thread, so a test can kill it
 * mid-way.
 *
 * <p>Arguments: store root, image directory, {@code fast} or {@code slow}, and optionally {@code
 * wait} (print {@code ready}, then start at the next line on standard input).
 */
public final class MaterializeWorker {
  private MaterializeWorker() {}

  public static void main(String[] args) throws Exception {
    List<ImageRef> images = images(Path.of(args[1]));
    boolean slow = args[2].equals("slow");
    try (FeatureStore store = FeatureStore.open(Path.of(args[0]))) {
      if (args.length > 3 && args[3].equals("wait")) {
        // both workers open the store and hash their images first, then start together
        System.out.println("ready");
        System.out.flush();
        new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
      }
      MaterializeResult r =
          slow
              ? store.materialize(new Slow(), images, 1, Progress.NONE)
              : store.materialize(images, Progress.NONE);
      System.out.println(r.computed() + " " + r.reused() + " " + r.failed().size());
    }
  }

  /** Every PNG of {@code dir} by name, with its content hash. */
  static List<ImageRef> images(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> sorted = files.filter(f -> f.toString().endsWith(".png")).sorted().toList();
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return sorted.stream()
          .map(
              f -> {
                try {
                  String hash = HexFormat.of().formatHex(sha.digest(Files.readAllBytes(f)));
                  return new ImageRef(hash, f, f.getFileName().toString());
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .toList();
    }
  }

  /** The real image-stats extractor, slowed down and committing small batches. */
  private static final class Slow implements FeatureExtractor<double[]> {
    private final ImageStatsExtractor real = new ImageStatsExtractor();

    @Override
    public FeatureView view() {
      return real.view();
    }

    @Override
    public double[] prepare(Path file) throws InvalidInputException {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return real.prepare(file);
    }

    @Override
    public double[][] finish(List<double[]> prepared) {
      return real.finish(prepared);
    }

    @Override
    public int batchSize() {
      return 8;
    }
  }
}
