package dev.mlops.benchmarks;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.drift.DriftConfig;
import dev.mlops.core.drift.DriftDetector;
import dev.mlops.core.drift.DriftFixture;
import dev.mlops.core.drift.DriftRequest;
import dev.mlops.core.features.FeatureStore;
import dev.mlops.core.features.FeatureView;
import dev.mlops.core.features.ImageRef;
import dev.mlops.core.features.ImageStatsExtractor;
import dev.mlops.core.features.MaterializeResult;
import dev.mlops.core.features.StoredObservations;
import dev.mlops.core.features.VectorIndex;
import dev.mlops.core.image.ImagePreprocessor;
import dev.mlops.core.store.Hashing;
import dev.mlops.core.train.Fingerprint;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The feature store's speed: materialization of {@code image-stats} against plain decoding of the
 * same images with the same threads, re-materialization of an unchanged 10,000-image dataset, the
 * online {@code get}, exact k-NN at 10k and 100k vectors, and drift-check with and without the
 * store. Writes the section "Feature store" of {@code docs/benchmarks.md}.
 *
 * <p>Usage: {@code FeatureBenchmark <work dir> <docs/benchmarks.md>}.
 */
public final class FeatureBenchmark {
  private static final int WORKERS = 2;
  private static final int PNGS = 10_000;
  private static final int JPEGS = 1_000;
  private static final int PASSES = 3;
  private static final int GETS = 20_000;
  private static final int QUERIES = 200;

  private FeatureBenchmark() {}

  /** A rate: images, the best pass's seconds. */
  record Rate(int images, double seconds) {
    double perSecond() {
      return images / seconds;
    }
  }

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]).resolve("features");
    Path docs = Path.of(args[1]);
    FuzzBenchmark.deleteTree(work);
    List<ImageRef> pngs = refs(pngs(work.resolve("png"), PNGS));
    JpegCorpus.generate(work.resolve("jpeg"), JPEGS, 224, 224);
    List<ImageRef> jpegs = refs(files(work.resolve("jpeg")));
    StringBuilder rows = new StringBuilder();
    for (var input : Map.of("28 px gray PNG", pngs, "224 px JPEG", jpegs).entrySet()) {
      Rate[] rates = alternating(input.getValue(), work.resolve("store-m"));
      Rate decode = rates[0];
      Rate materialize = rates[1];
      Rate withStore = rates[2];
      String line =
          String.format(
              Locale.ROOT,
              "| %s | %,d | %,.0f | %,.0f | %.2fx | %,.0f | %.2fx |%n",
              input.getKey(),
              input.getValue().size(),
              decode.perSecond(),
              materialize.perSecond(),
              materialize.perSecond() / decode.perSecond(),
              withStore.perSecond(),
              withStore.perSecond() / decode.perSecond());
      System.out.print(line);
      rows.append(line);
    }
    double[] rematerialize = rematerialize(work.resolve("store-r"), pngs);
    String gets = gets(work.resolve("store-r"), pngs);
    String knn = knn();
    String drift = drift(work.resolve("drift"), files(work.resolve("jpeg")));
    DataBenchmark.Docs.replaceSection(
        docs, "feature-store", section(rows.toString(), rematerialize, gets, knn, drift));
  }

  /**
   * Decoding and materializing passes taken in turns (so that a slower stretch of a shared machine
   * hits both), after one untimed pass of each: the best of each. A materializing pass times the
   * store's opening and the materialization, not the deletion of the previous pass's store.
   */
  private static Rate[] alternating(List<ImageRef> images, Path store) throws Exception {
    decode(images);
    FuzzBenchmark.deleteTree(store);
    materialize(store, images);
    double decode = Double.MAX_VALUE;
    double materialize = Double.MAX_VALUE;
    double withStore = Double.MAX_VALUE;
    for (int i = 0; i < 2 * PASSES; i++) {
      long start = System.nanoTime();
      decode(images);
      decode = Math.min(decode, (System.nanoTime() - start) / 1e9);
      FuzzBenchmark.deleteTree(store);
      double[] seconds = materialize(store, images);
      materialize = Math.min(materialize, seconds[0]);
      withStore = Math.min(withStore, seconds[1]);
    }
    return new Rate[] {
      new Rate(images.size(), decode),
      new Rate(images.size(), materialize),
      new Rate(images.size(), withStore)
    };
  }

  /** Plain decoding on {@value #WORKERS} threads: the floor materialization is compared with. */
  private static void decode(List<ImageRef> images) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    try {
      List<Future<Integer>> out = new ArrayList<>();
      for (ImageRef ref : images) {
        out.add(pool.submit(() -> ImagePreprocessor.read(ref.file()).getWidth()));
      }
      long sum = 0;
      for (Future<Integer> f : out) {
        sum += f.get();
      }
      if (sum == 0) {
        throw new IllegalStateException("no pixels decoded");
      }
    } finally {
      pool.shutdown();
    }
  }

  /** Every image computed and committed (into an empty store). */
  private static double[] materialize(Path store, List<ImageRef> images) throws Exception {
    long open = System.nanoTime();
    long start;
    long end;
    try (FeatureStore s = FeatureStore.open(store)) {
      start = System.nanoTime();
      MaterializeResult r =
          s.materialize(new ImageStatsExtractor(), images, WORKERS, Progress.NONE);
      end = System.nanoTime();
      if (r.computed() != images.size()) {
        throw new IllegalStateException(r.summary());
      }
    }
    // closing checkpoints the write-ahead log into the database file (and syncs it)
    return new double[] {(end - start) / 1e9, (System.nanoTime() - open) / 1e9};
  }

  /**
   * Seconds of materializing an unchanged dataset again: median and worst of 5, in a new JVM's
   * store.
   */
  private static double[] rematerialize(Path store, List<ImageRef> images) throws Exception {
    FuzzBenchmark.deleteTree(store);
    materialize(store, images);
    double[] seconds = new double[5];
    for (int i = 0; i < seconds.length; i++) {
      long start = System.nanoTime();
      try (FeatureStore s = FeatureStore.open(store)) {
        MaterializeResult r =
            s.materialize(new ImageStatsExtractor(), images, WORKERS, Progress.NONE);
        if (r.reused() != images.size()) {
          throw new IllegalStateException(r.summary());
        }
      }
      seconds[i] = (System.nanoTime() - start) / 1e9;
    }
    Arrays.sort(seconds);
    System.out.printf(
        Locale.ROOT,
        "re-materialize %d: median %.3f s, max %.3f s%n",
        images.size(),
        seconds[2],
        seconds[4]);
    return new double[] {seconds[2], seconds[4]};
  }

  /** p50/p99 of single gets of image-stats and of 512-value embeddings, random keys. */
  private static String gets(Path store, List<ImageRef> images) throws Exception {
    FeatureView embedding = FeatureView.embedding("bench", "v1", "0".repeat(64), 512);
    Random random = new Random(3);
    try (FeatureStore s = FeatureStore.open(store)) {
      Map<String, double[]> rows = new LinkedHashMap<>();
      for (ImageRef ref : images) {
        rows.put(ref.sha256(), random.doubles(512).toArray());
      }
      s.put(embedding, rows);
      StringBuilder out = new StringBuilder();
      for (FeatureView view : List.of(FeatureView.IMAGE_STATS, embedding)) {
        long[] nanos = new long[GETS];
        for (int i = -GETS / 4; i < GETS; i++) {
          String key = images.get(random.nextInt(images.size())).sha256();
          long start = System.nanoTime();
          if (s.get(view, key).isEmpty()) {
            throw new IllegalStateException("missing " + key);
          }
          if (i >= 0) {
            nanos[i] = System.nanoTime() - start;
          }
        }
        Arrays.sort(nanos);
        String line =
            String.format(
                Locale.ROOT,
                "| `%s` | %,d | %d | %.1f | %.1f | %.1f |%n",
                view.name(),
                images.size(),
                view.dimension(),
                nanos[GETS / 2] / 1e3,
                nanos[GETS * 99 / 100] / 1e3,
                nanos[GETS - 1] / 1e3);
        System.out.print(line);
        out.append(line);
      }
      return out.toString();
    }
  }

  /** Exact k-NN (k = 5): build time and query latency at 10k and 100k vectors of 128 and 512. */
  private static String knn() {
    StringBuilder out = new StringBuilder();
    Random random = new Random(9);
    for (int dim : new int[] {128, 512}) {
      for (int n : new int[] {10_000, 100_000}) {
        List<String> keys = new ArrayList<>(n);
        float[] flat = new float[n * dim];
        for (int i = 0; i < n; i++) {
          keys.add(Hashing.sha256(("v" + i).getBytes()));
        }
        for (int i = 0; i < flat.length; i++) {
          flat[i] = (float) random.nextGaussian();
        }
        long start = System.nanoTime();
        VectorIndex index = VectorIndex.ofFlat(keys, flat, dim);
        double build = (System.nanoTime() - start) / 1e6;
        long[] nanos = new long[QUERIES];
        for (int q = -QUERIES / 4; q < QUERIES; q++) {
          double[] query = random.doubles(dim).map(x -> x - 0.5).toArray();
          long t = System.nanoTime();
          if (index.nearest(query, 5, null).size() != 5) {
            throw new IllegalStateException("k-NN returned too few");
          }
          if (q >= 0) {
            nanos[q] = System.nanoTime() - t;
          }
        }
        Arrays.sort(nanos);
        String line =
            String.format(
                Locale.ROOT,
                "| %,d | %d | %.0f | %.0f MB | %.1f | %.1f |%n",
                n,
                dim,
                build,
                n * (double) dim * 4 / 1e6,
                nanos[QUERIES / 2] / 1e6,
                nanos[QUERIES * 99 / 100] / 1e6);
        System.out.print(line);
        out.append(line);
      }
    }
    return out.toString();
  }

  /** drift-check of 1,000 224 px JPEGs: no store, store empty (fills it), store filled. */
  private static String drift(Path dir, List<Path> jpegs) throws Exception {
    Path model = DriftFixture.trainedModel(Files.createDirectories(dir));
    Path incoming = Files.createDirectories(dir.resolve("incoming"));
    for (Path f : jpegs) {
      Files.copy(f, incoming.resolve(f.getFileName()));
    }
    String fingerprint = Fingerprint.readFrom(model).orElseThrow();
    double none = Double.MAX_VALUE;
    double warm = Double.MAX_VALUE;
    double cold = 0;
    for (int pass = 0; pass < PASSES; pass++) {
      none = Math.min(none, check(model, incoming, dir, null));
      FuzzBenchmark.deleteTree(dir.resolve("store"));
      try (FeatureStore store = FeatureStore.open(dir.resolve("store"))) {
        StoredObservations cache =
            StoredObservations.withEmbeddings(store, "bench", "v1", fingerprint, Progress.NONE);
        cold += check(model, incoming, dir, cache) / PASSES;
        warm = Math.min(warm, check(model, incoming, dir, cache));
      }
    }
    String line =
        String.format(
            Locale.ROOT,
            "| %,d | %.2f | %.2f | %.2f | %.1fx |%n",
            jpegs.size(),
            none,
            cold,
            warm,
            none / warm);
    System.out.print(line);
    return line;
  }

  private static double check(Path model, Path incoming, Path dir, StoredObservations cache)
      throws MlopsException {
    long start = System.nanoTime();
    new DriftDetector(Progress.NONE)
        .check(
            new DriftRequest(
                model,
                "bench",
                incoming,
                null,
                DriftConfig.defaults(WORKERS),
                dir.resolve("out/drift.json"),
                null,
                cache));
    return (System.nanoTime() - start) / 1e9;
  }

  private static List<Path> pngs(Path dir, int count) throws IOException {
    Files.createDirectories(dir);
    Random random = new Random(1);
    List<Path> files = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
      int cx = 6 + random.nextInt(16);
      int cy = 6 + random.nextInt(16);
      int r = 3 + random.nextInt(6);
      for (int y = 0; y < 28; y++) {
        for (int x = 0; x < 28; x++) {
          double d = Math.abs(Math.hypot(x - cx, y - cy) - r);
          int v = d < 1.5 ? 255 - random.nextInt(40) : random.nextInt(20);
          image.getRaster().setSample(x, y, 0, v);
        }
      }
      Path file = dir.resolve("img-" + i + ".png");
      ImageIO.write(image, "png", file.toFile());
      files.add(file);
    }
    return files;
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    }
  }

  /** The images with their content hashes, as a dataset manifest lists them. */
  private static List<ImageRef> refs(List<Path> files) throws IOException {
    List<ImageRef> refs = new ArrayList<>(files.size());
    for (Path f : files) {
      refs.add(new ImageRef(Hashing.sha256(f), f, f.getFileName().toString()));
    }
    return refs;
  }

  private static String section(
      String rates, double[] rematerialize, String gets, String knn, String drift) {
    return String.format(
        Locale.ROOT,
        """
        ## Feature store

        Measured %s by `benchmarks/run.sh features` (class `FeatureBenchmark`) on %s (%s; %d
        cores), JVM flags `%s`. The store is SQLite in WAL mode (`org.xerial:sqlite-jdbc`) under
        the object store; every number is the best of %d passes after a warm-up pass unless it
        says otherwise.

        ### Materialization of `image-stats` against plain decoding

        Both with %d decoding threads over the same files, %d passes of each taken in turns after
        an untimed one, the best of each; materialization also computes the ten statistics and
        commits them (every 4,096 rows or every second) into an empty store. The last two
        columns add what a run pays once, not per image: opening the store (creating it here)
        and closing it, which checkpoints the write-ahead log into the database file and syncs
        it. Target: at least 0.9x decode speed.

        | images | count | decode img/s | materialize img/s | ratio | with open and close img/s | ratio |
        |---|---:|---:|---:|---:|---:|---:|
        %s
        The 0.9x target is missed, by less on small images than on large ones, and the gap is the
        statistics' arithmetic and the store's writes, not the pipeline: decoding inside the
        materializer with the statistics left out ran at 0.85 to 1.0x of plain decoding. The ten
        statistics take two passes over the pixels, about 5 ns per pixel in scalar Java (integer
        luma and row sums, no division per pixel: a third less than the first version), against
        about 10 ns per pixel for ImageIO's native JPEG decoder, so at 224 px they add about half
        the decoding time again. On 28 px PNGs decoding costs tens of microseconds per file,
        mostly per-file overhead, and the extra is the statistics (about 4 us per image) and the
        commit (about 2 us per row in batches of 4,096: with batches of 256, random content
        hashes dirtying pages all over the table made it 8 us). What would close it: SIMD through
        the Vector API once it leaves incubation (it needs a JVM flag today, which a Maven
        plugin cannot set), or statistics computed while the decoder writes the pixels (no second
        read of the image). Materializing is done once per image content per store, so this is a
        one-time cost; every later run reuses the values (next table).

        ### Re-materialization of an unchanged dataset

        %,d images already in the store, a new store connection each time (as a new build opens
        it): median %.3f s, worst %.3f s of 5 (target: at most 1 s). The store's keys for the view
        are read in one query and nothing is decoded. In `mvn mlops:features` the data directory
        is scanned first (with the hash cache: see "Datasets").

        ### Online `get`

        %,d gets of random keys through one connection (what `GET /features/{view}/{sha}` calls),
        after %,d warm-up gets. Target: p99 under 1 ms.

        | view | rows | values | p50 µs | p99 µs | max µs |
        |---|---:|---:|---:|---:|---:|
        %s
        ### Exact k-NN (`GET /similar`)

        `VectorIndex`: cosine similarity, vectors normalized once into one float array, k = 5 by a
        linear scan with a bounded heap, one thread; %d queries after %d warm-up ones (random
        Gaussian vectors: the scan does the same work for any data).

        | vectors | dimension | build ms | memory | p50 ms | p99 ms |
        |---:|---:|---:|---:|---:|---:|
        %s
        The scan is linear in vectors x dimension, about 0.5 ns per value on this machine: 50 ms
        is reached near 200,000 vectors of 512 values (resnet18) or 800,000 of 128. Past that,
        the plan is an approximate index (HNSW, e.g. jvector
        or hnswlib) or int8 vectors (4x less memory traffic); both trade exactness, so the exact
        scan stays the default while it is fast enough.

        ### drift-check with and without the store

        1,000 224 px JPEGs (unlabeled) against a cnn-small 20 px model (`DriftFixture`), %d
        decoding threads: without the store; with an empty store (computes everything and keeps
        it, mean of %d passes); with every image's `image-stats` and embedding stored (nothing is
        decoded; the class probabilities come from the final layer on the stored embedding).

        | images | no store s | empty store s | filled store s | speed-up |
        |---:|---:|---:|---:|---:|
        %s""",
        LocalDate.now(),
        FuzzBenchmark.cpuModel(),
        InferenceRows.cpuFlags(),
        Runtime.getRuntime().availableProcessors(),
        String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()),
        PASSES,
        WORKERS,
        2 * PASSES,
        rates,
        PNGS,
        rematerialize[0],
        rematerialize[1],
        GETS,
        GETS / 4,
        gets,
        QUERIES,
        QUERIES / 4,
        knn,
        WORKERS,
        PASSES,
        drift);
  }
}
