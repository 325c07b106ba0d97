package dev.mlops.core.drift;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.drift.DriftReport.FeatureDrift;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.model.Predictor;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code drift-check} stage: reads the incoming images once (features and model outputs),
 * compares them with the model's {@link Baseline} and writes {@code drift.json} (and {@code
 * drift.html}). It returns the report and never fails on drift: the caller decides what drift
 * means.
 */
public final class DriftDetector {
  private final Progress progress;

  /** Creates a detector reporting to {@code progress}. */
  public DriftDetector(Progress progress) {
    this.progress = progress;
  }

  /**
   * Runs a check and writes its outputs.
   *
   * @throws dev.mlops.core.InvalidInputException when the model has no baseline, the incoming
   *     directory does not exist
   * @throws MlopsException when files cannot be read or written
   */
  public DriftReport check(DriftRequest request) throws MlopsException {
    long start = System.nanoTime();
    DriftConfig config = request.config();
    Baseline baseline = Baseline.read(request.modelDirectory());
    DriftReport report;
    try (Predictor predictor = ModelFiles.load(request.modelDirectory())) {
      IncomingImages images = IncomingImages.scan(request.incoming(), predictor.labels());
      progress.info(
          "Drift check of "
              + request.modelLabel()
              + ": "
              + images.files().size()
              + " images in "
              + request.incoming()
              + ", "
              + images.layout());
      ObservationExtractor.Extraction extraction =
          new ObservationExtractor(
                  predictor,
                  baseline.projection(),
                  config.batchSize(),
                  config.workers(),
                  config.maxPixels(),
                  progress)
              .cachedIn(request.cache())
              .extract(images.root(), images.files(), images.labels(), "incoming images");
      if (request.cache() != null) {
        progress.info(
            "drift: "
                + extraction.fromCache()
                + " of "
                + images.files().size()
                + " incoming images read from the feature store (not decoded)");
      }
      for (String bad : extraction.unreadable()) {
        progress.warn("skipped unreadable incoming image " + bad);
      }
      DriftReport.Incoming incoming =
          new DriftReport.Incoming(
              request.incoming().toString(),
              extraction.observations().size(),
              images.labeled(),
              images.layout(),
              extraction.unreadable(),
              extraction.imagesPerSecond());
      ReferenceMetrics reference = reference(request.reference(), baseline);
      report =
          compare(
              baseline,
              extraction.observations(),
              reference,
              config,
              modelRef(request.modelLabel(), baseline),
              incoming,
              (System.nanoTime() - start) / 1e9);
    }
    write(request, report);
    return report;
  }

  /**
   * Compares observations with a baseline without reading files: the statistics of {@link #check},
   * for callers that already hold the observations (benchmarks, repeated splits).
   *
   * @param reference the scores labeled images are compared with, or null
   * @param seconds the wall time to record
   */
  public static DriftReport compare(
      Baseline baseline,
      Observations observations,
      ReferenceMetrics reference,
      DriftConfig config,
      DriftReport.ModelRef model,
      DriftReport.Incoming incoming,
      double seconds) {
    String checkedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    int n = observations.size();
    if (n < config.minImages()) {
      String reason =
          "not enough data ("
              + n
              + " < "
              + config.minImages()
              + " readable incoming images): no verdict; collect more images or lower"
              + " minImages";
      return new DriftReport(
          DriftReport.NOT_ENOUGH_DATA,
          false,
          List.of(reason),
          "Drift check: " + reason,
          checkedAt,
          model,
          incoming,
          thresholds(config, 0),
          List.of(),
          null,
          null,
          null,
          null,
          seconds);
    }
    DriftComparison.Verdicts v = DriftComparison.compare(baseline, observations, reference, config);
    List<String> reasons = v.reasons();
    boolean drift = !reasons.isEmpty();
    return new DriftReport(
        drift ? DriftReport.DRIFT : DriftReport.NO_DRIFT,
        drift,
        reasons,
        summary(v, n, incoming != null && incoming.labeled(), drift, config),
        checkedAt,
        model,
        incoming,
        thresholds(config, v.tests()),
        v.features(),
        v.confidence(),
        v.predictions(),
        v.embedding(),
        v.performance(),
        seconds);
  }

  /** The model's label and where its baseline came from. */
  public static DriftReport.ModelRef modelRef(String label, Baseline baseline) {
    return new DriftReport.ModelRef(
        label,
        baseline.fingerprint(),
        baseline.featuresImages() + " " + baseline.featuresSplit() + " images",
        baseline.outputsImages() + " " + baseline.outputsSplit() + " images");
  }

  private static ReferenceMetrics reference(ReferenceMetrics given, Baseline baseline) {
    if (given != null) {
      return given;
    }
    return baseline.accuracy() == null
        ? null
        : new ReferenceMetrics(
            "the " + baseline.outputsSplit() + " split at training",
            baseline.accuracy(),
            baseline.macroF1());
  }

  private static DriftReport.Thresholds thresholds(DriftConfig c, int tests) {
    return new DriftReport.Thresholds(
        c.pValue(),
        "holm-bonferroni",
        tests,
        c.psiThreshold(),
        c.psiModerate(),
        c.maxAccuracyDrop(),
        c.minImages(),
        c.permutations(),
        c.seed());
  }

  private static String summary(
      DriftComparison.Verdicts v, int n, boolean labeled, boolean drift, DriftConfig config) {
    List<String> moved = new ArrayList<>();
    v.features().stream().filter(FeatureDrift::drifted).forEach(f -> moved.add(f.name()));
    if (v.confidence().drifted()) {
      moved.add("confidence");
    }
    if (v.predictions().drifted()) {
      moved.add("predicted classes");
    }
    if (v.embedding().drifted()) {
      moved.add("embeddings");
    }
    if (v.performance() != null && v.performance().drifted()) {
      moved.add("accuracy");
    }
    String images = n + (labeled ? " labeled" : "") + " incoming images";
    if (drift) {
      return String.format(
          Locale.ROOT,
          "DRIFT in %d of %d tests on %s: %s; retraining recommended",
          moved.size(),
          v.tests(),
          images,
          String.join(", ", moved));
    }
    return String.format(
        Locale.ROOT,
        "No drift in %d tests on %s (smallest Holm-adjusted p %.3g, level %s); no retraining"
            + " needed",
        v.tests(),
        images,
        v.smallestAdjustedP(),
        config.pValue());
  }

  private void write(DriftRequest request, DriftReport report) throws MlopsException {
    try {
      report.write(request.outputFile());
    } catch (IOException e) {
      throw new MlopsException("cannot write " + request.outputFile() + ": " + e.getMessage(), e);
    }
    if (request.reportDirectory() != null) {
      DriftPage.write(request.reportDirectory(), report, progress);
    }
  }
}
