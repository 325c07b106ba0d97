package dev.mlops.core.eval;

import dev.mlops.core.AtomicFiles;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.data.Split;
import dev.mlops.core.report.Charts;
import dev.mlops.core.report.Html;
import dev.mlops.core.report.ReportPages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Writes the evaluation report for people: one self-contained {@code index.html} that opens
 * offline. Charts are drawn by XChart and embedded, like the thumbnails of misclassified images, as
 * PNG data URIs; the page has no scripts and no external references. Every string from the data
 * (labels, file names, messages) is HTML-escaped.
 */
public final class HtmlReport {
  /** The file name of the report page. */
  public static final String FILE_NAME = ReportPages.INDEX;

  private static final int THUMBNAIL_SIZE = ReportPages.THUMBNAIL_SIZE;

  private HtmlReport() {}

  /**
   * Writes {@code reportDir/index.html} atomically, creating the directory. A chart that cannot be
   * drawn becomes a note (reported to {@code progress}) and its numbers a table.
   *
   * @return the page written
   * @throws MlopsException when the page cannot be written
   */
  public static Path write(Path reportDir, ReportInput input, Progress progress)
      throws MlopsException {
    Path page = reportDir.resolve(FILE_NAME);
    try {
      String html = html(input, reportDir, new Charts(progress));
      AtomicFiles.write(page, html.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new MlopsException("cannot write the HTML report " + page + ": " + e.getMessage(), e);
    }
    return page;
  }

  private static String html(ReportInput input, Path reportDir, Charts charts) {
    String title = Html.escape(input.title());
    EvaluationMetrics metrics = input.evaluation().metrics();
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
        + title
        + " - evaluation</title>\n<style>"
        + ReportPages.STYLE
        + "</style>\n</head>\n<body>\n<h1>"
        + title
        + "</h1>\n"
        + summary(input.evaluation())
        + ReportPages.section(reportDir)
        + gates(input.evaluation().gates())
        + learningCurves(input.history(), charts)
        + confusion(metrics, charts)
        + perClass(metrics)
        + ReportSections.misclassified(metrics, input.dataDirectory(), THUMBNAIL_SIZE)
        + ReportSections.dataSummary(input.dataCounts())
        + "</body>\n</html>\n";
  }

  private static String summary(EvaluationReport report) {
    ModelInfo model = report.model();
    EvaluationMetrics m = report.metrics();
    Split split = model.split();
    return "<section id=\"summary\">\n<h2>Summary</h2>\n<table>\n"
        + Html.row(List.of("architecture", Html.escape(model.architecture())))
        + Html.row(List.of("fingerprint", Html.escape(model.fingerprint())))
        + Html.row(List.of("dataset manifest", Html.escape(model.manifestId())))
        + Html.row(List.of("split evaluated", Html.escape(split == null ? null : split.dirName())))
        + Html.row(List.of("images", String.valueOf(m.n())))
        + Html.row(List.of("accuracy", Html.number(m.accuracy())))
        + Html.row(List.of("macro F1", Html.number(m.macroF1())))
        + Html.row(List.of("weighted F1", Html.number(m.weightedF1())))
        + Html.row(List.of("log loss", Html.number(m.logLoss())))
        + Html.row(List.of("expected calibration error", Html.number(m.expectedCalibrationError())))
        + "</table>\n</section>\n";
  }

  private static String gates(List<GateResult> gates) {
    StringBuilder out = new StringBuilder("<section id=\"gates\">\n<h2>Quality gates</h2>\n");
    if (gates.isEmpty()) {
      return out.append("<p>No gates configured.</p>\n</section>\n").toString();
    }
    out.append("<table>\n")
        .append(Html.headerRow(List.of("metric", "value", "gate", "result", "message")));
    for (GateResult g : gates) {
      out.append(
          Html.row(
              List.of(
                  Html.escape(g.metric()),
                  Html.number(g.value()),
                  Html.escape(g.comparison() + " " + Numbers.plain(g.threshold())),
                  g.passed()
                      ? "<span class=\"pass\">PASS</span>"
                      : "<span class=\"fail\">FAIL</span>",
                  Html.escape(g.message()))));
    }
    return out.append("</table>\n</section>\n").toString();
  }

  private static String learningCurves(List<EpochPoint> history, Charts charts) {
    StringBuilder out =
        new StringBuilder("<section id=\"learning-curves\">\n<h2>Learning curves</h2>\n");
    if (history.isEmpty()) {
      return out.append("<p>No training history.</p>\n</section>\n").toString();
    }
    double[] epochs = history.stream().mapToDouble(EpochPoint::epoch).toArray();
    String loss =
        charts.curves(
            "Loss",
            "epoch",
            "loss",
            epochs,
            series(history, EpochPoint::trainLoss, EpochPoint::valLoss),
            null);
    String accuracy =
        charts.curves(
            "Accuracy",
            "epoch",
            "accuracy",
            epochs,
            series(history, EpochPoint::trainAccuracy, EpochPoint::valAccuracy),
            new double[] {0, 1});
    return out.append(loss).append(accuracy).append("</section>\n").toString();
  }

  private static Map<String, double[]> series(
      List<EpochPoint> history,
      ToDoubleFunction<EpochPoint> train,
      ToDoubleFunction<EpochPoint> val) {
    Map<String, double[]> series = new LinkedHashMap<>();
    series.put("train", history.stream().mapToDouble(train).toArray());
    series.put("validation", history.stream().mapToDouble(val).toArray());
    return series;
  }

  private static String confusion(EvaluationMetrics m, Charts charts) {
    List<String> labels = m.labels();
    int[][] matrix = m.confusion();
    StringBuilder out =
        new StringBuilder("<section id=\"confusion-matrix\">\n<h2>Confusion matrix</h2>\n");
    out.append(charts.confusion(labels, matrix))
        .append("<p>Rows: true class; columns: predicted class.</p>\n<table>\n");
    List<String> header = new ArrayList<>(List.of("truth \\ predicted"));
    labels.forEach(l -> header.add(Html.escape(l)));
    out.append(Html.headerRow(header));
    for (int t = 0; t < labels.size(); t++) {
      List<String> row = new ArrayList<>(List.of(Html.escape(labels.get(t))));
      for (int count : matrix[t]) {
        row.add(String.valueOf(count));
      }
      out.append(Html.row(row));
    }
    return out.append("</table>\n</section>\n").toString();
  }

  private static String perClass(EvaluationMetrics m) {
    StringBuilder out =
        new StringBuilder("<section id=\"per-class\">\n<h2>Per class</h2>\n<table>\n");
    out.append(Html.headerRow(List.of("class", "precision", "recall", "F1", "support")));
    for (ClassMetrics c : m.perClass()) {
      out.append(
          Html.row(
              List.of(
                  Html.escape(c.label()),
                  Html.number(c.precision()),
                  Html.number(c.recall()),
                  Html.number(c.f1()),
                  String.valueOf(c.support()))));
    }
    out.append(
        Html.row(
            List.of(
                "macro average",
                Html.number(m.macroPrecision()),
                Html.number(m.macroRecall()),
                Html.number(m.macroF1()),
                String.valueOf(m.n()))));
    return out.append("</table>\n</section>\n").toString();
  }
}
