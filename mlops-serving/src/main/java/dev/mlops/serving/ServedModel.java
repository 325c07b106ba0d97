package dev.mlops.serving;

import dev.mlops.core.image.ImagePreprocessor;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loaded model version and what the API reports about it. Reference-counted: a request holds
 * the model from decoding to its answer, so a hot swap closes the old version only after its last
 * request finished with it.
 */
final class ServedModel {
  private final Classifier classifier;
  private final ModelInfo info;
  private final ImagePreprocessor preprocessor;
  // 1 for the server's own reference (dropped at retire), plus one per request in flight.
  private final AtomicInteger references = new AtomicInteger(1);
  // Refreshed by every registry check: drift-check records new verdicts for the served version.
  private volatile Double driftScore;

  private final AtomicInteger open;

  /**
   * Wraps a loaded classifier.
   *
   * @param open counts versions loaded and not yet closed (the server's {@code models_loaded})
   */
  ServedModel(Classifier classifier, ModelInfo info, AtomicInteger open) {
    this.classifier = classifier;
    this.info = info;
    this.open = open;
    open.incrementAndGet();
    this.preprocessor = new ImagePreprocessor(classifier.preprocessing());
    this.driftScore = info.driftScore();
  }

  /** 1 when the latest recorded drift verdict of this version says drift, 0 when not, or null. */
  Double driftScore() {
    return driftScore;
  }

  void driftScore(Double value) {
    driftScore = value;
  }

  Classifier classifier() {
    return classifier;
  }

  ModelInfo info() {
    return info;
  }

  ImagePreprocessor preprocessor() {
    return preprocessor;
  }

  List<String> labels() {
    return classifier.labels();
  }

  /** Takes a reference; false when the model is already closed (the caller picks the current). */
  boolean acquire() {
    while (true) {
      int n = references.get();
      if (n <= 0) {
        return false;
      }
      if (references.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** Drops a reference; the last one closes the model. */
  void release() {
    if (references.decrementAndGet() == 0) {
      classifier.close();
      open.decrementAndGet();
    }
  }

  /** Drops the server's own reference: the model closes once its requests are answered. */
  void retire() {
    release();
  }

  /**
   * What {@code /models} says about a served version.
   *
   * @param name model name
   * @param version registry version number, 0 for a model directory
   * @param alias the alias it is served under, or null
   * @param fingerprint training fingerprint
   * @param datasetVersion {@code name@vN} of the training data, or null
   * @param accuracy test accuracy from the card, or null
   * @param metrics headline metrics from the card (empty when not evaluated)
   * @param runtime which runtime runs it
   * @param loadedAt when it was loaded
   * @param source the directory it was loaded from
   * @param driftScore at load time: 1 when the latest drift verdict says drift, 0 when not, null
   *     without one
   */
  record ModelInfo(
      String name,
      int version,
      String alias,
      String fingerprint,
      String datasetVersion,
      Double accuracy,
      java.util.Map<String, Object> metrics,
      String runtime,
      Instant loadedAt,
      String source,
      Double driftScore) {

    /** {@code v<N>}, or {@code local} for a model directory. */
    String versionName() {
      return version > 0 ? "v" + version : "local";
    }
  }
}
