package dev.mlops.core.eval;

import dev.mlops.core.CoreVersion;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.Remedy;
import dev.mlops.core.Stage;
import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.data.Split;
import dev.mlops.core.image.Augmentation;
import dev.mlops.core.image.Batch;
import dev.mlops.core.image.ImageLoader;
import dev.mlops.core.image.LabeledImage;
import dev.mlops.core.model.ModelFiles;
import dev.mlops.core.model.Predictor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Evaluates a trained model on the test split (the val split when there is no test split): runs
 * every image through the model, computes the metrics, checks the quality gates and writes {@code
 * evaluation.json} and the HTML report. The caller decides what a failed gate means.
 */
public final class ModelEvaluator {
  private final Progress progress;

  /** Creates an evaluator reporting to {@code progress}. */
  public ModelEvaluator(Progress progress) {
    this.progress = progress;
  }

  /**
   * Evaluates, writes the outputs and returns the report (which says whether the gates passed).
   * When the output file holds an evaluation with the same inputs (see {@link EvaluationInputs}),
   * its metrics are reused without loading the model, and only the gates are checked again.
   *
   * @throws InvalidInputException (before the model is loaded) when the baseline provider refuses
   *     the {@code compareTo} alias, for example one the registry never knew
   */
  public EvaluationReport evaluate(EvaluationRequest request) throws MlopsException {
    if (!ModelFiles.exists(request.modelDirectory())) {
      throw new MlopsException(
          "no trained model in " + request.modelDirectory() + "; train a model first",
          Remedy.run(Stage.TRAIN));
    }
    Split split = splitToEvaluate(request);
    BaselineProvider baseline = askedFirst(request);
    Optional<EvaluationReport> previous = EvaluationInputs.reusable(request, split);
    if (previous.isPresent()) {
      return recheck(request, previous.get(), baseline);
    }
    return evaluateNow(request, split, baseline);
  }

  /**
   * Asks for the regression baseline before the model is loaded, so that an alias the registry does
   * not know fails in a second rather than after a pass over the whole split.
   */
  private static BaselineProvider askedFirst(EvaluationRequest request) throws MlopsException {
    String alias = request.gates().compareTo();
    if (alias == null) {
      return request.baseline();
    }
    Optional<EvaluationMetrics> metrics = request.baseline().baseline(alias);
    return asked -> asked.equals(alias) ? metrics : request.baseline().baseline(asked);
  }

  /** Runs every image of {@code split} through the model and writes the outputs. */
  private EvaluationReport evaluateNow(
      EvaluationRequest request, Split split, BaselineProvider baseline) throws MlopsException {
    List<ManifestEntry> entries =
        request.manifest().entries().stream().filter(e -> e.split() == split).toList();
    long start = System.nanoTime();
    try (Predictor predictor = ModelFiles.load(request.modelDirectory())) {
      List<String> labels = predictor.labels();
      List<LabeledImage> images = LabeledImage.of(request.dataDirectory(), entries, labels);
      float[][] probabilities = predict(predictor, request, images);
      int[] truth = images.stream().mapToInt(LabeledImage::label).toArray();
      List<String> files = images.stream().map(LabeledImage::relativePath).toList();
      EvaluationMetrics metrics = Metrics.compute(labels, truth, probabilities, files);
      List<GateResult> gates = request.gates().check(metrics, baseline);
      EvaluationReport report =
          new EvaluationReport(modelInfo(request, predictor, split), metrics, gates);
      report.write(request.outputFile());
      writeHtml(request, report);
      progress.info(
          String.format(
              Locale.ROOT,
              "Evaluated %s on %d %s images in %.1f s: accuracy %.4f, macro F1 %.4f, log loss %.4f",
              predictor.graph().architecture(),
              metrics.n(),
              split.dirName(),
              (System.nanoTime() - start) / 1e9,
              metrics.accuracy(),
              metrics.macroF1(),
              metrics.logLoss()));
      return report;
    }
  }

  /**
   * Reuses an evaluation of the same inputs: the gates (and the model behind {@code compareTo}) are
   * checked again on its metrics; files are rewritten only when that changed something.
   */
  private EvaluationReport recheck(
      EvaluationRequest request, EvaluationReport previous, BaselineProvider baseline)
      throws MlopsException {
    List<GateResult> gates = request.gates().check(previous.metrics(), baseline);
    EvaluationReport report = new EvaluationReport(previous.model(), previous.metrics(), gates);
    boolean gatesChanged = !gates.equals(previous.gates());
    if (gatesChanged) {
      report.write(request.outputFile());
    }
    Path dir = request.reportDirectory();
    if (dir != null && (gatesChanged || !Files.isRegularFile(dir.resolve(HtmlReport.FILE_NAME)))) {
      writeHtml(request, report);
    }
    ModelInfo model = previous.model();
    progress.info(
        "Evaluation is up to date: model "
            + shortId(model.fingerprint())
            + ", manifest "
            + shortId(model.manifestId())
            + ", "
            + model.split().dirName()
            + " split and batch size "
            + model.batchSize()
            + " are those of "
            + request.outputFile()
            + "; not evaluated again"
            + (gates.isEmpty() ? "" : ", gates checked on its metrics"));
    return report;
  }

  private static String shortId(String id) {
    return id.substring(0, Math.min(12, id.length()));
  }

  private Split splitToEvaluate(EvaluationRequest request) throws InvalidInputException {
    var counts = request.manifest().counts();
    if (counts.containsKey(Split.TEST.dirName())) {
      return Split.TEST;
    }
    if (counts.containsKey(Split.VAL.dirName())) {
      progress.warn(
          "The dataset has no test split; evaluating on the val split, which also chose the best"
              + " epoch, so the numbers are optimistic. Add a test/ folder.");
      return Split.VAL;
    }
    throw new InvalidInputException(
        "the dataset in "
            + request.dataDirectory()
            + " has neither a test nor a val split to evaluate on; add test/<class>/ folders (or"
            + " use <class>/<file> folders, which splitFractions splits)",
        request.dataDirectory().toString(),
        Remedy.setting("splitFractions"));
  }

  private static float[][] predict(
      Predictor predictor, EvaluationRequest request, List<LabeledImage> images)
      throws MlopsException {
    float[][] probabilities = new float[images.size()][];
    try (ImageLoader loader =
        new ImageLoader(
            images,
            predictor.preprocessing(),
            Augmentation.NONE,
            request.batchSize(),
            false,
            0,
            request.workers(),
            2)) {
      int row = 0;
      for (Iterator<Batch> it = loader.epoch(0); it.hasNext(); ) {
        Batch batch = it.next();
        float[][] p = predictor.probabilities(batch.pixels(), batch.size());
        System.arraycopy(p, 0, probabilities, row, batch.size());
        row += batch.size();
      }
    }
    return probabilities;
  }

  private static ModelInfo modelInfo(EvaluationRequest request, Predictor predictor, Split split)
      throws MlopsException {
    return new ModelInfo(
        predictor.graph().architecture(),
        EvaluationInputs.fingerprint(request.modelDirectory()).orElse(null),
        request.manifest().id(),
        split,
        request.batchSize(),
        CoreVersion.get());
  }

  private void writeHtml(EvaluationRequest request, EvaluationReport report) throws MlopsException {
    if (request.reportDirectory() == null) {
      return;
    }
    Map<String, Map<String, Integer>> counts = new TreeMap<>(request.manifest().counts());
    HtmlReport.write(
        request.reportDirectory(),
        new ReportInput(
            "Model report: " + Optional.ofNullable(report.model().architecture()).orElse("model"),
            report,
            EvaluationInputs.history(request.modelDirectory()),
            counts,
            request.dataDirectory()),
        progress);
  }
}
