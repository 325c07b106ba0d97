package dev.mlops.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.data.Split;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.drift.Baseline;
import dev.mlops.core.drift.BaselineWriter;
import dev.mlops.core.drift.ObservationExtractor;
import dev.mlops.core.drift.Observations;
import dev.mlops.core.drift.ReferenceMetrics;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.model.Predictor;
import dev.mlops.core.train.TrainingResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * One replicate of the drift benchmark: a seeded, stratified pool of images is held back first (in
 * no split of the dataset, so in nothing the model or its baseline saw), the other images are split
 * 80/10/10 by the plugin's seeded split and trained on exactly as {@code train} does (best epoch on
 * val, baseline written by {@link BaselineWriter}), and the pool is read through the model
 * unchanged and transformed.
 *
 * @param source the collection
 * @param seed the replicate's seed (pool, split and training seed)
 * @param baseline the baseline {@code train} wrote (outputs of the test split)
 * @param valBaseline the same model's baseline with outputs of the val split, as before
 * @param reference the model's scores on its test split (what {@code evaluate} records)
 * @param pool the held-back images, unchanged
 * @param transformed per transform name, the held-back images transformed
 * @param letters the letters (another dataset), unlabeled
 * @param sizes train, val and test images of the replicate's dataset
 * @param bestEpoch the epoch training chose
 * @param trainSeconds wall time of training (with the baseline)
 * @param trainCpuSeconds CPU time of the process during training
 * @param modelDir the trained model
 */
record DriftReplicate(
    DriftSource source,
    long seed,
    Baseline baseline,
    Baseline valBaseline,
    ReferenceMetrics reference,
    Observations pool,
    Map<String, Observations> transformed,
    Observations letters,
    int[] sizes,
    int bestEpoch,
    double trainSeconds,
    double trainCpuSeconds,
    Path modelDir) {

  /** Where the held-back images and the letters are read from, and how the pool is changed. */
  record Incoming(List<DriftImages.Transform> transforms, Path letters, List<String> letterFiles) {}

  /** A replicate's model as training left it, with the time training took. */
  private record Trained(
      Path data, Manifest manifest, TrainingResult result, double seconds, double cpuSeconds) {}

  /** Builds, trains and observes replicate {@code seed} of {@code source} under {@code work}. */
  static DriftReplicate run(
      DriftSource source, long seed, Map<String, String> settings, Incoming incoming, Path work)
      throws Exception {
    Path dir = work.resolve(source.name()).resolve("r" + seed);
    DriftBenchmark.deleteTree(dir);
    List<List<DriftSource.Item>> chosen = choose(source, seed);
    Trained trained = train(source, seed, settings, chosen.get(1), dir);
    Path modelDir = trained.result().outputDir();
    Baseline baseline = Baseline.read(modelDir);
    try (Predictor predictor = ModelFiles.load(modelDir)) {
      Observer observer = new Observer(predictor, baseline);
      Baseline valBaseline = valBaseline(observer, trained.data(), trained.manifest(), baseline);
      List<String> poolFiles = chosen.get(0).stream().map(DriftSource.Item::file).toList();
      int[] poolLabels = chosen.get(0).stream().mapToInt(DriftSource.Item::label).toArray();
      Map<String, Observations> transformed = new LinkedHashMap<>();
      for (DriftImages.Transform t : incoming.transforms()) {
        Path out = dir.resolve("t");
        DriftImages.writeTransformed(source.root(), poolFiles, out, t);
        transformed.put(t.name(), observer.labeled(out, poolFiles, poolLabels));
        DriftBenchmark.deleteTree(out);
      }
      DriftBenchmark.deleteTree(trained.data());
      return new DriftReplicate(
          source,
          seed,
          baseline,
          valBaseline,
          new ReferenceMetrics("test split", baseline.accuracy(), baseline.macroF1()),
          observer.labeled(source.root(), poolFiles, poolLabels),
          transformed,
          observer.unlabeled(incoming.letters(), incoming.letterFiles()),
          new int[] {
            count(trained.manifest(), Split.TRAIN),
            count(trained.manifest(), Split.VAL),
            baseline.outputsImages()
          },
          trained.result().bestEpoch(),
          trained.seconds(),
          trained.cpuSeconds(),
          modelDir);
    }
  }

  /**
   * Splits {@code dataset} 80/10/10 by the plugin's seeded split and trains it with the example's
   * {@code settings} and training seed {@code seed}, timing wall and process CPU time.
   */
  private static Trained train(
      DriftSource source,
      long seed,
      Map<String, String> settings,
      List<DriftSource.Item> dataset,
      Path dir)
      throws Exception {
    Path data = link(source, dataset, dir.resolve("data"));
    Manifest manifest = PomTraining.scan(data, new SplitPolicy(0.8, 0.1, 0.1, seed));
    Map<String, String> s = new LinkedHashMap<>(settings);
    s.putAll(source.settings());
    s.put("seed", Long.toString(seed));
    var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu = os.getProcessCpuTime();
    long start = System.nanoTime();
    TrainingResult result =
        PomTraining.train(
            data, manifest, PomTraining.config(s, DriftBenchmark.WORKERS), dir, Progress.NONE);
    return new Trained(
        data,
        manifest,
        result,
        (System.nanoTime() - start) / 1e9,
        (os.getProcessCpuTime() - cpu) / 1e9);
  }

  /** The pool (index 0) and the dataset (index 1): per class a seeded shuffle, pool first. */
  static List<List<DriftSource.Item>> choose(DriftSource source, long seed) {
    List<DriftSource.Item> pool = new ArrayList<>();
    List<DriftSource.Item> dataset = new ArrayList<>();
    for (int c = 0; c < source.labels().size(); c++) {
      List<DriftSource.Item> members = new ArrayList<>(source.ofClass(c));
      SplittableRandom random = new SplittableRandom(seed * 1_000_003L + c);
      for (int i = members.size() - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        DriftSource.Item t = members.get(i);
        members.set(i, members.get(j));
        members.set(j, t);
      }
      int p = Math.min(source.poolPerClass(), members.size());
      int end =
          source.datasetPerClass() == 0
              ? members.size()
              : Math.min(members.size(), p + source.datasetPerClass());
      pool.addAll(members.subList(0, p));
      dataset.addAll(members.subList(p, end));
    }
    return List.of(pool, dataset);
  }

  /** Hard links (copies where links fail) of the dataset's images as {@code <class>/<file>}. */
  private static Path link(DriftSource source, List<DriftSource.Item> items, Path data)
      throws IOException {
    for (DriftSource.Item item : items) {
      Path from = source.root().resolve(item.file());
      Path to = data.resolve(source.labels().get(item.label())).resolve(from.getFileName());
      Files.createDirectories(to.getParent());
      try {
        Files.createLink(to, from);
      } catch (IOException | UnsupportedOperationException e) {
        Files.copy(from, to);
      }
    }
    return data;
  }

  /** The baseline {@code train} wrote before this change: features of train, outputs of val. */
  private static Baseline valBaseline(
      Observer observer, Path data, Manifest manifest, Baseline baseline) throws MlopsException {
    Observations train = observer.features(data, files(manifest, Split.TRAIN));
    List<String> val = files(manifest, Split.VAL);
    int[] labels =
        manifest.entries().stream()
            .filter(e -> e.split() == Split.VAL)
            .mapToInt(e -> baseline.labels().indexOf(e.label()))
            .toArray();
    return Baseline.build(
        baseline.fingerprint(),
        baseline.labels(),
        "train",
        train,
        "val",
        "the val split (the baseline before outputs came from the test split)",
        observer.labeled(data, val, labels),
        baseline.projection(),
        BaselineWriter.SAMPLE_SEED);
  }

  private static List<String> files(Manifest manifest, Split split) {
    return manifest.entries().stream()
        .filter(e -> e.split() == split)
        .map(ManifestEntry::path)
        .toList();
  }

  private static int count(Manifest manifest, Split split) {
    return (int) manifest.entries().stream().filter(e -> e.split() == split).count();
  }

  /** Reads images through the replicate's model with the baseline's projection. */
  private record Observer(Predictor predictor, Baseline baseline) {
    Observations labeled(Path root, List<String> files, int[] labels) throws MlopsException {
      return read(predictor, root, files, labels);
    }

    Observations unlabeled(Path root, List<String> files) throws MlopsException {
      return read(predictor, root, files, null);
    }

    Observations features(Path root, List<String> files) throws MlopsException {
      return read(null, root, files, null);
    }

    private Observations read(Predictor p, Path root, List<String> files, int[] labels)
        throws MlopsException {
      ObservationExtractor.Extraction e =
          new ObservationExtractor(
                  p,
                  baseline.projection(),
                  DriftBenchmark.BATCH,
                  DriftBenchmark.WORKERS,
                  Progress.NONE)
              .extract(root, files, labels, "images");
      if (!e.unreadable().isEmpty()) {
        throw new IllegalStateException("unreadable images under " + root + ": " + e.unreadable());
      }
      return e.observations();
    }
  }

  /** Every file under {@code root}, relative to it, sorted. */
  static List<String> relativeFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .map(f -> root.relativize(f).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }
}
