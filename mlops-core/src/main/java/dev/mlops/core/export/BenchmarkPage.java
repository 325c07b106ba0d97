package dev.mlops.core.export;

import dev.mlops.core.AtomicFiles;
import dev.mlops.core.MlopsException;
import dev.mlops.core.report.Html;
import dev.mlops.core.report.ReportPages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code benchmark.html}, the benchmark as a companion page of the evaluation report: same
 * style, self-contained, linked from {@code index.html} in the same directory.
 */
final class BenchmarkPage {
  private BenchmarkPage() {}

  /** Writes the page atomically and links it from the report's {@code index.html}, if any. */
  static Path write(Path reportDir, BenchmarkReport report) throws MlopsException {
    Path page = reportDir.resolve(InferenceBenchmark.PAGE);
    try {
      AtomicFiles.write(page, html(report).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new MlopsException("cannot write " + page + ": " + e.getMessage(), e);
    }
    ReportPages.linkCompanionPages(reportDir);
    return page;
  }

  static String html(BenchmarkReport report) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
        + Html.escape(report.model())
        + " - inference benchmark</title>\n<style>"
        + ReportPages.STYLE
        + "</style>\n</head>\n<body>\n<h1>Inference benchmark: "
        + Html.escape(report.model())
        + "</h1>\n<p><a href=\""
        + ReportPages.INDEX
        + "\">Evaluation report</a></p>\n"
        + runtimes(report)
        + machine(report)
        + "</body>\n</html>\n";
  }

  private static String runtimes(BenchmarkReport report) {
    BenchmarkConfig c = report.config();
    return "<section id=\"runtimes\">\n<table>\n"
        + Html.headerRow(
            List.of(
                "runtime",
                "version",
                "threads",
                "p50 ms (batch 1)",
                "p90 ms",
                "p99 ms",
                "img/s (batch " + c.throughputBatch() + ")",
                "max |&Delta;p| vs the first runtime"))
        + rows(report)
        + "</table>\n<p>Latency: "
        + c.iterations()
        + " calls at batch 1 after "
        + c.warmup()
        + " warm-up calls; throughput: "
        + c.batchIterations()
        + " calls at batch "
        + c.throughputBatch()
        + " after "
        + c.batchWarmup()
        + ". Inputs are random normalised images, so the last column (largest difference of a"
        + " class probability) says how far a runtime's outputs moved, not its accuracy.</p>\n"
        + "</section>\n";
  }

  private static String machine(BenchmarkReport report) {
    MachineInfo m = report.machine();
    return "<section id=\"machine\">\n<h2>Machine</h2>\n<table>\n"
        + Html.row(List.of("cores", String.valueOf(m.cores())))
        + Html.row(List.of("CPU", Html.escape(m.cpu())))
        + Html.row(List.of("OS", Html.escape(m.os())))
        + Html.row(List.of("Java", Html.escape(m.java())))
        + Html.row(List.of("load average (1 min, at the end)", Html.number(m.loadAverage())))
        + Html.row(List.of("measured at", Html.escape(report.createdAt())))
        + "</table>\n</section>\n";
  }

  private static String rows(BenchmarkReport report) {
    StringBuilder out = new StringBuilder();
    for (RuntimeResult r : report.runtimes()) {
      List<String> cells = new ArrayList<>();
      cells.add(Html.escape(r.name()));
      cells.add(Html.escape(r.version()));
      cells.add(String.valueOf(r.threads()));
      cells.add(ms(r.latency().p50Ms()));
      cells.add(ms(r.latency().p90Ms()));
      cells.add(ms(r.latency().p99Ms()));
      cells.add(String.format(Locale.ROOT, "%.1f", r.throughput().imagesPerSecond()));
      Double delta = r.maxProbabilityDelta();
      cells.add(delta == null ? "reference" : String.format(Locale.ROOT, "%.2e", delta));
      out.append(Html.row(cells));
    }
    return out.toString();
  }

  private static String ms(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
