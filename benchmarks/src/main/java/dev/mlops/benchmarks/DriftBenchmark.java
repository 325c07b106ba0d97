package dev.mlops.benchmarks;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.drift.Baseline;
import dev.mlops.core.drift.DriftConfig;
import dev.mlops.core.drift.DriftDetector;
import dev.mlops.core.drift.DriftReport;
import dev.mlops.core.drift.ObservationExtractor;
import dev.mlops.core.drift.Observations;
import dev.mlops.core.drift.Performance;
import dev.mlops.core.drift.Projection;
import dev.mlops.core.drift.ReferenceMetrics;
import dev.mlops.core.export.MachineInfo;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.model.Predictor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Drift detection on the example project's trained digits model: false alarms over seeded
 * same-distribution splits, detection of transformed test images and of another dataset, and the
 * throughput of feature extraction. The baseline is built in memory from the example's train
 * (features) and val (outputs) images, as {@code train} builds it, so the benchmark does not depend
 * on a {@code baseline.json}. Writes the "drift" section of {@code docs/benchmarks.md}.
 *
 * <p>Usage: {@code DriftBenchmark <work dir> <docs/benchmarks.md> [model dir] [data dir] [seeds]},
 * by default {@code example-project/target/mlops/model}, {@code example-project/data} and 500.
 */
public final class DriftBenchmark {
  static final int WORKERS = 2;
  static final int BATCH = 32;
  static final long BASELINE_SEED = 42;

  /**
   * The example's splits read once each (features and model outputs), and the baseline.
   *
   * @param model the model directory
   * @param data the data directory (train, val and test folders of class folders)
   * @param architecture the model's architecture
   * @param fingerprint the model's training fingerprint
   * @param labels the model's classes
   * @param projection the embedding projection of the baseline and of every extraction
   * @param train the train split
   * @param val the val split
   * @param test the test split
   * @param baseline features of train, outputs of val
   * @param testReference the model's scores on the whole test split
   */
  record Example(
      Path model,
      Path data,
      String architecture,
      String fingerprint,
      List<String> labels,
      Projection projection,
      Observations train,
      Observations val,
      Observations test,
      Baseline baseline,
      ReferenceMetrics testReference) {}

  private DriftBenchmark() {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]).resolve("drift");
    Path docs = Path.of(args[1]);
    Path model = Path.of(args.length > 2 ? args[2] : "example-project/target/mlops/model");
    Path data = Path.of(args.length > 3 ? args[3] : "example-project/data");
    int seeds = args.length > 4 ? Integer.parseInt(args[4]) : 500;
    requireModel(model, data);
    MachineInfo machine = MachineInfo.current();
    DriftConfig config = DriftConfig.defaults(WORKERS);
    try (Predictor predictor = ModelFiles.load(model)) {
      Example example = example(predictor, model, data);
      System.out.println("== false alarms, " + seeds + " seeds per regime");
      List<FalseAlarms.Tally> tallies =
          List.of(
              FalseAlarms.productionLike(example, seeds, config),
              FalseAlarms.exchangeable(example, seeds, config),
              FalseAlarms.poolOnly(example, seeds, config));
      tallies.forEach(t -> System.out.println(DriftRows.alarmLine(t)));
      System.out.println("== transformed test images");
      List<DriftRows.Detection> detections = detections(example, predictor, work, config);
      System.out.println("== throughput");
      DriftThroughput.Result speed = DriftThroughput.run(predictor, example, work);
      String section =
          DriftRows.section(example, machine, config, seeds, tallies, detections, speed);
      System.out.println(section);
      DataBenchmark.Docs.replaceSection(docs, "drift", section);
    }
  }

  private static void requireModel(Path model, Path data) {
    if (!ModelFiles.exists(model)) {
      throw new IllegalStateException(
          "no trained model in "
              + model.toAbsolutePath()
              + "; train the example project first: mvn -B -o -DskipTests install -pl"
              + " example-project -am (or pass the model directory as the third argument)");
    }
    for (String split : List.of("train", "val", "test")) {
      if (!Files.isDirectory(data.resolve(split))) {
        throw new IllegalStateException(
            "no "
                + split
                + " split in "
                + data.toAbsolutePath()
                + "; pass the example's data"
                + " directory (with train, val and test folders) as the fourth argument");
      }
    }
  }

  private static Example example(Predictor predictor, Path model, Path data)
      throws MlopsException, IOException {
    Projection projection = Projection.defaults(predictor.embeddingSize());
    List<String> labels = predictor.labels();
    Observations train = read(predictor, projection, data.resolve("train"), labels, "train");
    Observations val = read(predictor, projection, data.resolve("val"), labels, "val");
    Observations test = read(predictor, projection, data.resolve("test"), labels, "test");
    Path fingerprintFile = model.resolve("fingerprint");
    String fingerprint =
        Files.exists(fingerprintFile) ? Files.readString(fingerprintFile).strip() : "unknown";
    Baseline baseline =
        Baseline.build(fingerprint, labels, "train", train, "val", val, projection, BASELINE_SEED);
    Performance onTest = Performance.of(test.predicted(), test.labels());
    return new Example(
        model,
        data,
        predictor.graph().architecture(),
        fingerprint,
        labels,
        projection,
        train,
        val,
        test,
        baseline,
        new ReferenceMetrics("test split", onTest.accuracy(), onTest.macroF1()));
  }

  /** Features and model outputs of every image in a labeled split. */
  static Observations read(
      Predictor predictor, Projection projection, Path root, List<String> labels, String what)
      throws MlopsException, IOException {
    List<String> files = new ArrayList<>();
    List<Integer> classes = new ArrayList<>();
    for (int c = 0; c < labels.size(); c++) {
      Path dir = root.resolve(labels.get(c));
      for (String file : DriftImages.list(dir)) {
        files.add(labels.get(c) + "/" + file);
        classes.add(c);
      }
    }
    int[] classIndex = classes.stream().mapToInt(Integer::intValue).toArray();
    ObservationExtractor.Extraction e =
        new ObservationExtractor(predictor, projection, BATCH, WORKERS, Progress.NONE)
            .extract(root, files, classIndex, what);
    if (!e.unreadable().isEmpty()) {
      throw new IllegalStateException("unreadable images in " + root + ": " + e.unreadable());
    }
    return e.observations();
  }

  /** The drift check of each transformed copy of the test split (and of the letters). */
  private static List<DriftRows.Detection> detections(
      Example example, Predictor predictor, Path work, DriftConfig config) throws Exception {
    List<DriftRows.Detection> out = new ArrayList<>();
    for (DriftImages.Transform t : DriftImages.transforms()) {
      Path dir = work.resolve(t.name());
      DriftImages.writeTransformed(example.data().resolve("test"), example.labels(), dir, t);
      Observations incoming =
          read(predictor, example.projection(), dir, example.labels(), t.name());
      out.add(
          detect(example, t.name(), t.description(), incoming, example.testReference(), config));
    }
    Path letters = work.resolve("letters");
    List<String> files = DriftImages.writeLetters(letters, 120, 7);
    Observations incoming =
        new ObservationExtractor(predictor, example.projection(), BATCH, WORKERS, Progress.NONE)
            .extract(letters, files, null, "letters")
            .observations();
    out.add(
        detect(
            example,
            "letters",
            "another dataset: 120 letters A-J, 48x48 RGB, coloured backgrounds (unlabeled)",
            incoming,
            null,
            config));
    out.forEach(d -> System.out.println(DriftRows.detectionLine(d)));
    return out;
  }

  private static DriftRows.Detection detect(
      Example example,
      String name,
      String description,
      Observations incoming,
      ReferenceMetrics reference,
      DriftConfig config) {
    DriftReport report =
        DriftDetector.compare(
            example.baseline(),
            incoming,
            reference,
            config,
            DriftDetector.modelRef("example", example.baseline()),
            null,
            0);
    return new DriftRows.Detection(name, description, incoming.size(), report);
  }

  /** Every image of {@code data}'s splits, relative to {@code data}. */
  static List<String> allExampleFiles(Path data, List<String> labels) throws IOException {
    List<String> files = new ArrayList<>();
    for (String split : List.of("train", "val", "test")) {
      for (String label : labels) {
        for (String file : DriftImages.list(data.resolve(split).resolve(label))) {
          files.add(split + "/" + label + "/" + file);
        }
      }
    }
    return files;
  }
}
