package dev.mlops.serving;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The server's Prometheus metrics, in its own registry (so two servers in one JVM do not share
 * counts), with the JVM's memory, GC and thread metrics. Names start with the configured namespace.
 */
final class ServingMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final String ns;
  private final Counter predictions;
  private final Counter requests;
  private final Counter reloads;
  private final Counter feedback;
  private final Counter experimentPredictions;
  private final Counter shadowDropped;
  private final Counter featuresStored;
  private final Counter featuresDropped;
  private final Histogram inferenceLatency;
  private final Histogram batchSize;
  private final Histogram requestLatency;

  ServingMetrics(
      String ns, IntSupplier queueDepth, Supplier<Routing> routing, IntSupplier modelsLoaded) {
    this.ns = ns;
    predictions =
        Counter.builder()
            .name(ns + "_predictions")
            .help("Images classified, by model, version and predicted label")
            .labelNames("model", "version", "label")
            .register(registry);
    requests =
        Counter.builder()
            .name(ns + "_api_requests")
            .help("HTTP requests answered, by route and status")
            .labelNames("route", "status")
            .register(registry);
    reloads =
        Counter.builder()
            .name(ns + "_model_reloads")
            .help("Hot reloads of the served model: success, or why not (load_failed)")
            .labelNames("result")
            .register(registry);
    feedback =
        Counter.builder()
            .name(ns + "_feedback")
            .help("Feedback records stored, by kind: confirmation, correction or proposed")
            .labelNames("label_kind")
            .register(registry);
    experimentPredictions =
        Counter.builder()
            .name(ns + "_experiment_predictions")
            .help(
                "Images classified while an experiment runs, by experiment, variant and version"
                    + " (in shadow mode the treatment's are its shadow scores)")
            .labelNames("experiment", "variant", "version")
            .register(registry);
    shadowDropped =
        Counter.builder()
            .name(ns + "_shadow_dropped")
            .help(
                "Shadow scores not made, by experiment and reason: queue_full (dropped rather"
                    + " than slow the answers), timeout, error or stopped")
            .labelNames("experiment", "reason")
            .register(registry);
    featuresStored =
        Counter.builder()
            .name(ns + "_features_stored")
            .help("Rows of image-stats of served images newly written to the feature store")
            .register(registry);
    featuresDropped =
        Counter.builder()
            .name(ns + "_features_dropped")
            .help(
                "Served images whose image-stats were not stored, by reason: queue_full (dropped"
                    + " rather than slow the answers), error or stopped")
            .labelNames("reason")
            .register(registry);
    inferenceLatency =
        Histogram.builder()
            .name(ns + "_inference_latency_seconds")
            .help("Time of one inference call (a whole batch) in the runtime")
            .classicOnly()
            .classicExponentialUpperBounds(0.0005, 2, 16)
            .register(registry);
    batchSize =
        Histogram.builder()
            .name(ns + "_batch_size")
            .help("Images per inference call")
            .classicOnly()
            .classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)
            .register(registry);
    requestLatency =
        Histogram.builder()
            .name(ns + "_request_latency_seconds")
            .help("Time from a prediction request's arrival to its answer")
            .classicOnly()
            .classicExponentialUpperBounds(0.0005, 2, 18)
            .register(registry);
    GaugeWithCallback.builder()
        .name(ns + "_queue_depth")
        .help("Images waiting for inference")
        .callback(cb -> cb.call(queueDepth.getAsInt()))
        .register(registry);
    GaugeWithCallback.builder()
        .name(ns + "_models_loaded")
        .help(
            "Model versions in memory: 1 (2 during an experiment), more while swapped-out versions"
                + " answer their last requests")
        .callback(cb -> cb.call(modelsLoaded.getAsInt()))
        .register(registry);
    GaugeWithCallback.builder()
        .name(ns + "_model_accuracy")
        .help("Test accuracy of the served version, from its registry card")
        .labelNames("model", "version")
        .callback(
            cb -> {
              for (ServedModel model : served(routing)) {
                if (model.info().accuracy() != null) {
                  cb.call(model.info().accuracy(), model.info().name(), model.info().versionName());
                }
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name(ns + "_data_drift_score")
        .help("Latest recorded drift verdict of the served version: 1 drift, 0 no drift")
        .labelNames("model", "version")
        .callback(
            cb -> {
              for (ServedModel model : served(routing)) {
                Double score = model.driftScore();
                if (score != null) {
                  cb.call(score, model.info().name(), model.info().versionName());
                }
              }
            })
        .register(registry);
    JvmMetrics.builder().register(registry);
  }

  private static List<ServedModel> served(Supplier<Routing> routing) {
    Routing now = routing.get();
    return now == null ? List.of() : now.models();
  }

  void prediction(ServedModel.ModelInfo model, String label) {
    predictions.labelValues(model.name(), model.versionName(), label).inc();
  }

  /** Counts an image classified by {@code variant} (version {@code v<N>}) of an experiment. */
  void experimentPrediction(String experiment, String variant, String version) {
    experimentPredictions.labelValues(experiment, variant, version).inc();
  }

  /** Counts a shadow score not made, and why. */
  void shadowDropped(String experiment, String reason) {
    shadowDropped.labelValues(experiment, reason).inc();
  }

  /** Counts rows of image-stats newly stored. */
  void featuresStored(int rows) {
    featuresStored.inc(rows);
  }

  /** Counts served images whose image-stats were not stored, and why. */
  void featuresDropped(String reason, int images) {
    featuresDropped.labelValues(reason).inc(images);
  }

  /** Reports shadow images queued or being scored (registered once the scorer exists). */
  void shadowPending(IntSupplier pending) {
    GaugeWithCallback.builder()
        .name(ns + "_shadow_pending")
        .help("Images waiting for (or in) shadow scoring by an experiment's treatment")
        .callback(cb -> cb.call(pending.getAsInt()))
        .register(registry);
  }

  void feedback(String kind) {
    feedback.labelValues(kind).inc();
  }

  void request(String route, int status) {
    requests.labelValues(route, String.valueOf(status)).inc();
  }

  void requestSeconds(double seconds) {
    requestLatency.observe(seconds);
  }

  void batch(int size, double seconds) {
    batchSize.observe(size);
    inferenceLatency.observe(seconds);
  }

  /** Counts reloads by result ({@code success} or {@code failure}). */
  interface Reloads {
    void inc(String result);
  }

  Reloads reloads() {
    return result -> reloads.labelValues(result).inc();
  }

  /** Everything in the Prometheus text format. */
  byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    try {
      PrometheusTextFormatWriter.create().write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static String contentType() {
    return PrometheusTextFormatWriter.CONTENT_TYPE;
  }
}
