package dev.mlops.benchmarks;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.drift.ObservationExtractor;
import dev.mlops.core.drift.Projection;
import dev.mlops.core.export.MachineInfo;
import dev.mlops.core.model.Predictor;
import dev.mlops.core.train.ComputeThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Images per second of drift's feature extraction at three depths: decoding alone, decoding and
 * image features, and decoding, features and the model's outputs, each with 1 and 2 decoding
 * threads, after one untimed warm-up pass: {@value #BLOCKS} timed blocks of passes, each at least
 * {@value #BLOCK_SECONDS} s. The machine is shared, so the best block is reported next to the
 * overall rate.
 */
final class DriftThroughput {
  static final int BLOCKS = 3;
  static final double BLOCK_SECONDS = 1;
  static final int JPEGS = 300;

  /** PyTorch intra-op threads of the model stage: they compete with the decoding threads. */
  static final int[] TORCH_THREADS = {1, 2};

  static final int JPEG_SIZE = 224;

  private DriftThroughput() {}

  /**
   * One measurement.
   *
   * @param input the images
   * @param stage what was done to them
   * @param workers decoding threads
   * @param images images processed
   * @param seconds wall time
   * @param best images per second of the fastest block
   */
  record Measure(
      String input, String stage, int workers, long images, double seconds, double best) {
    double imagesPerSecond() {
      return images / seconds;
    }
  }

  /**
   * All measurements.
   *
   * @param measures one per input, stage and thread count
   * @param defaultTorchThreads PyTorch's intra-op threads before the benchmark set them
   * @param loadBefore the 1-minute load average before the first measurement
   * @param loadAfter the 1-minute load average after the last
   */
  record Result(
      List<Measure> measures, int defaultTorchThreads, double loadBefore, double loadAfter) {}

  /** One pass over the images; returns images processed. */
  private interface Pass {
    int run() throws Exception;
  }

  /** Measures the example's PNGs and generated JPEGs. */
  static Result run(Predictor predictor, Projection projection, Path example, Path work)
      throws Exception {
    double loadBefore = MachineInfo.current().loadAverage();
    Path data = example;
    List<String> pngs = new ArrayList<>();
    for (String folder : List.of("data", "incoming")) {
      DriftReplicate.relativeFiles(example.resolve(folder))
          .forEach(f -> pngs.add(folder + "/" + f));
    }
    Path jpegRoot = work.resolve("jpeg-" + JPEG_SIZE);
    if (!Files.isDirectory(jpegRoot)) {
      JpegCorpus.generate(jpegRoot, JPEGS, JPEG_SIZE, JPEG_SIZE);
    }
    List<String> jpegs = relativeFiles(jpegRoot);
    String pngInput = pngs.size() + " example PNGs, 32x32 gray";
    String jpegInput = jpegs.size() + " generated JPEGs, " + JPEG_SIZE + "x" + JPEG_SIZE + " RGB";
    int defaultThreads = ComputeThreads.current();
    System.out.println("PyTorch intra-op threads by default: " + defaultThreads);
    List<Measure> out = new ArrayList<>();
    out.addAll(input(pngInput, data, pngs, predictor, projection));
    out.addAll(input(jpegInput, jpegRoot, jpegs, predictor, projection));
    ComputeThreads.engine(defaultThreads);
    return new Result(out, defaultThreads, loadBefore, MachineInfo.current().loadAverage());
  }

  private static List<Measure> input(
      String input, Path root, List<String> files, Predictor predictor, Projection projection)
      throws Exception {
    List<Measure> out = new ArrayList<>();
    for (int workers : new int[] {2, 1}) {
      out.add(
          time(input, "decode only (ImageIO.read)", workers, () -> decode(root, files, workers)));
      ObservationExtractor features =
          new ObservationExtractor(null, null, DriftBenchmark.BATCH, workers, Progress.NONE);
      out.add(time(input, "decode + features", workers, () -> extract(features, root, files)));
      ObservationExtractor outputs =
          new ObservationExtractor(
              predictor, projection, DriftBenchmark.BATCH, workers, Progress.NONE);
      for (int torch : TORCH_THREADS) {
        ComputeThreads.engine(torch);
        String stage =
            String.format(
                "decode + features + %s outputs, PyTorch %d intra-op thread%s",
                predictor.graph().architecture(), torch, torch == 1 ? "" : "s");
        out.add(time(input, stage, workers, () -> extract(outputs, root, files)));
      }
    }
    return out;
  }

  /** Warms up with one pass, then times {@value #BLOCKS} blocks of passes. */
  private static Measure time(String input, String stage, int workers, Pass pass) throws Exception {
    pass.run();
    long images = 0;
    double seconds = 0;
    double best = 0;
    for (int block = 0; block < BLOCKS; block++) {
      long blockImages = 0;
      long start = System.nanoTime();
      double blockSeconds;
      do {
        blockImages += pass.run();
        blockSeconds = (System.nanoTime() - start) / 1e9;
      } while (blockSeconds < BLOCK_SECONDS);
      images += blockImages;
      seconds += blockSeconds;
      best = Math.max(best, blockImages / blockSeconds);
    }
    Measure m = new Measure(input, stage, workers, images, seconds, best);
    System.out.println(DriftThroughputRows.throughputLine(m));
    return m;
  }

  private static int extract(ObservationExtractor extractor, Path root, List<String> files)
      throws MlopsException {
    ObservationExtractor.Extraction e = extractor.extract(root, files, null, "images");
    if (!e.unreadable().isEmpty()) {
      throw new IllegalStateException("unreadable images: " + e.unreadable());
    }
    return e.observations().size();
  }

  /** Decodes every file with {@code workers} threads and drops the pixels. */
  private static int decode(Path root, List<String> files, int workers)
      throws InterruptedException, ExecutionException {
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<Integer>> done = new ArrayList<>(files.size());
      for (String file : files) {
        done.add(pool.submit(() -> read(root.resolve(file))));
      }
      int pixels = 0;
      for (Future<Integer> f : done) {
        pixels += f.get();
      }
      if (pixels == 0) {
        throw new IllegalStateException("decoded no pixels in " + root);
      }
      return files.size();
    } finally {
      pool.shutdownNow();
    }
  }

  private static int read(Path file) {
    try {
      return ImageIO.read(file.toFile()).getWidth();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode " + file, e);
    }
  }

  private static List<String> relativeFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .map(f -> root.relativize(f).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }
}
