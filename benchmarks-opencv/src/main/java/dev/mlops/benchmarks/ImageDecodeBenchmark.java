package dev.mlops.benchmarks;

import dev.mlops.core.image.ImagePreprocessor;
import dev.mlops.core.image.Preprocessing;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Decode (+ resize) throughput of ImageIO against OpenCV on generated photo-like 640x480 JPEGs
 * (resized to 224) and 32x32 PNGs (kept at 32): the choice of image library for the training
 * pipeline. Prints a markdown table. Not a test: numbers depend on the machine.
 *
 * <p>Usage: {@code ImageDecodeBenchmark <work dir> [count, default 500] [docs/benchmarks.md]}.
 */
public final class ImageDecodeBenchmark {
  private static final int REPEATS = 3;
  // Small corpora run for at least this long, so their best run is not a scheduling accident.
  private static final long MIN_NANOS = 2_000_000_000L;
  private static final String JPEG = "640x480 JPEG -> 224";
  private static final String PNG = "32x32 PNG -> 32";

  /** One way of turning a file into pixels; returns something derived from them. */
  private interface Way {
    long run(Path file) throws Exception;
  }

  private ImageDecodeBenchmark() {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    int cores = Runtime.getRuntime().availableProcessors();
    Path jpegDir = work.resolve("decode-jpeg-" + count);
    Path pngDir = work.resolve("decode-png-" + count);
    if (!Files.isDirectory(jpegDir)) {
      JpegCorpus.generate(jpegDir, count, 640, 480);
    }
    if (!Files.isDirectory(pngDir)) {
      PngCorpus.generate(pngDir, count, 32);
    }
    String openCv;
    try {
      openCv = "OpenCV " + OpenCvDecoding.load();
    } catch (RuntimeException | LinkageError e) {
      openCv = null;
      System.out.println("OpenCV could not load here: " + e);
    }
    Map<String, Double> cpu = new HashMap<>();
    List<Row> rows = new ArrayList<>();
    rows.addAll(measure(cpu, JPEG, files(jpegDir), 224, openCv != null, true, cores));
    rows.addAll(measure(cpu, PNG, files(pngDir), 32, openCv != null, false, cores));
    String table = Row.table(rows) + "\n" + verdicts(cpu, openCv);
    System.out.println(table);
    if (args.length > 2) {
      DataBenchmark.Docs.replaceSection(
          Path.of(args[2]), "decode", section(count, cores, openCv, table));
    }
  }

  /** Per-image CPU cost of ImageIO against OpenCV, and which one the core uses. */
  private static String verdicts(Map<String, Double> cpu, String openCv) {
    if (openCv == null) {
      return "- OpenCV could not load on this machine; only ImageIO was measured.\n";
    }
    StringBuilder out = new StringBuilder();
    boolean matters = false;
    for (String corpus : List.of(JPEG, PNG)) {
      double io = cpu.get(corpus + ": ImageIO.read (decode only)");
      double cv = cpu.get(corpus + ": OpenCV imread (decode only)");
      double ioResized = cpu.get(corpus + ": ImageIO + mlops tensor");
      double cvResized = cpu.get(corpus + ": OpenCV imread + INTER_AREA + RGB copy");
      // A speed-up matters where ImageIO's cost per image is high enough to hold up training.
      matters |= ioResized / cvResized >= 1.5 && ioResized >= 1.0;
      out.append(
          String.format(
              Locale.ROOT,
              "- %s, one thread: decoding %.2f (ImageIO) vs %.2f (OpenCV) CPU ms/image;"
                  + " decoding + antialiased resize %.2f (ImageIO + mlops) vs %.2f (OpenCV"
                  + " INTER_AREA): OpenCV %.2fx as fast.%n",
              corpus,
              io,
              cv,
              ioResized,
              cvResized,
              ioResized / cvResized));
    }
    out.append(
        matters
            ? "- OpenCV is much faster on costly images here: worth moving the core to it.\n"
            : "- The core keeps ImageIO: photos decode at the same speed, OpenCV's lead on tiny"
                + " PNGs is fractions of a millisecond that the loader pays once per run (later"
                + " epochs augment cached pixels), and OpenCV would add a 110 MB jar of natives"
                + " for every platform.\n");
    return out.toString();
  }

  private static String section(int count, int cores, String openCv, String table) {
    return String.format(
        Locale.ROOT,
        """
        ## Image decoding: ImageIO vs %s

        Measured %s by `benchmarks/run.sh` (class `ImageDecodeBenchmark`) on %d generated
        photo-like 640x480 JPEGs resized to 224 and %d 32x32 PNGs kept at 32, %d cores, files in
        the page cache. Each row is the best of %d runs after a warm-up; CPU ms/image is summed
        over the threads and barely moves when other processes share the cores. "mlops tensor" is
        the training pipeline's resize (PIL-style antialiased bilinear) plus normalisation to CHW
        floats; OpenCV rows end with the RGB bytes in a Java array (no normalisation).

        %s
        """,
        openCv == null ? "OpenCV (not loadable)" : openCv,
        LocalDate.now(),
        count,
        count,
        cores,
        REPEATS,
        table);
  }

  private static List<Row> measure(
      Map<String, Double> cpu,
      String corpus,
      List<Path> files,
      int size,
      boolean openCv,
      boolean jpeg,
      int cores)
      throws Exception {
    ImagePreprocessor mlops = new ImagePreprocessor(Preprocessing.imagenet(size, 3));
    Way imageIoTensor = f -> mlops.tensor(ImageIO.read(f.toFile())).length;
    List<Row> rows = new ArrayList<>();
    rows.add(row(cpu, corpus + ": ImageIO.read (decode only)", files, 1, f -> pixels(f)));
    rows.add(row(cpu, corpus + ": ImageIO + mlops tensor", files, 1, imageIoTensor));
    rows.add(row(cpu, corpus + ": ImageIO + Graphics2D bilinear", files, 1, f -> java2d(f, size)));
    rows.add(row(cpu, corpus + ": ImageIO + mlops tensor", files, cores, imageIoTensor));
    rows.addAll(LoaderRows.measure(corpus, files, size, cores));
    if (openCv) {
      rows.addAll(openCvRows(cpu, corpus, files, size, jpeg, cores));
    }
    return rows;
  }

  private static List<Row> openCvRows(
      Map<String, Double> cpu, String corpus, List<Path> files, int size, boolean jpeg, int cores)
      throws Exception {
    List<Row> rows = new ArrayList<>();
    int area = OpenCvDecoding.area();
    Way cvArea = f -> OpenCvDecoding.resize(f, size, area, false).length;
    rows.add(row(cpu, corpus + ": OpenCV imread (decode only)", files, 1, OpenCvDecoding::decode));
    rows.add(row(cpu, corpus + ": OpenCV imread + INTER_AREA + RGB copy", files, 1, cvArea));
    int linear = OpenCvDecoding.linear();
    rows.add(
        row(
            cpu,
            corpus + ": OpenCV imread + INTER_LINEAR + RGB copy",
            files,
            1,
            f -> OpenCvDecoding.resize(f, size, linear, false).length));
    if (jpeg) {
      rows.add(
          row(
              cpu,
              corpus + ": OpenCV imread REDUCED_2 + INTER_AREA + RGB copy",
              files,
              1,
              f -> OpenCvDecoding.resize(f, size, area, true).length));
    }
    rows.add(row(cpu, corpus + ": OpenCV imread + INTER_AREA + RGB copy", files, cores, cvArea));
    return rows;
  }

  private static long pixels(Path file) throws IOException {
    BufferedImage image = ImageIO.read(file.toFile());
    return (long) image.getWidth() * image.getHeight();
  }

  /** The common Java2D recipe: drawImage with bilinear interpolation (no antialiasing). */
  private static long java2d(Path file, int size) throws IOException {
    BufferedImage source = ImageIO.read(file.toFile());
    BufferedImage target = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = target.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(source, 0, 0, size, size, null);
    } finally {
      g.dispose();
    }
    return ((DataBufferByte) target.getRaster().getDataBuffer()).getData().length;
  }

  /**
   * Best of at least {@link #REPEATS} timed runs (and 2 s) after one warm-up run. The note gives
   * the CPU time per image summed over the threads: unlike wall-clock time, it barely moves when
   * other processes share the cores.
   */
  private static Row row(
      Map<String, Double> cpu, String what, List<Path> files, int threads, Way way)
      throws Exception {
    run(files, threads, way);
    double best = Double.MAX_VALUE;
    long bestCpu = Long.MAX_VALUE;
    long until = System.nanoTime() + MIN_NANOS;
    for (int i = 0; i < REPEATS || System.nanoTime() < until; i++) {
      long start = System.nanoTime();
      long nanos = run(files, threads, way);
      best = Math.min(best, (System.nanoTime() - start) / 1e9);
      bestCpu = Math.min(bestCpu, nanos);
    }
    String label = threads == 1 ? what : what + " (" + threads + " threads)";
    System.out.printf(Locale.ROOT, "%s: %.0f images/s%n", label, files.size() / best);
    cpu.put(label, bestCpu / 1e6 / files.size());
    return new Row(label, files.size(), bytes(files), best, cpuNote(bestCpu, files.size()));
  }

  private static String cpuNote(long cpuNanos, int images) {
    return String.format(Locale.ROOT, "%.2f CPU ms/image", cpuNanos / 1e6 / images);
  }

  static long bytes(List<Path> files) throws IOException {
    long bytes = 0;
    for (Path f : files) {
      bytes += Files.size(f);
    }
    return bytes;
  }

  /** Runs {@code way} over every file on {@code threads} threads; returns their CPU nanos. */
  private static long run(List<Path> files, int threads, Way way) throws Exception {
    AtomicLong sink = new AtomicLong();
    AtomicLong cpu = new AtomicLong();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> parts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        parts.add(
            pool.submit(
                () -> {
                  long start = mx.getCurrentThreadCpuTime();
                  for (int i = first; i < files.size(); i += threads) {
                    sink.addAndGet(way.run(files.get(i)));
                  }
                  cpu.addAndGet(mx.getCurrentThreadCpuTime() - start);
                  return null;
                }));
      }
      for (Future<?> part : parts) {
        part.get();
      }
    } finally {
      pool.shutdownNow();
    }
    if (sink.get() == 0) {
      throw new IllegalStateException("no pixels");
    }
    return cpu.get();
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
