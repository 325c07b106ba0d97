package dev.mlops.serving;

import dev.mlops.core.MlopsException;
import dev.mlops.core.feedback.FeedbackLog;
import dev.mlops.core.feedback.FeedbackRecord;
import dev.mlops.core.store.ObjectStore;
import dev.mlops.core.store.StoreException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Takes feedback on predictions: finds the prediction it answers (among the recent ones, or by
 * classifying an image sent along), checks the label against the served model's labels, puts the
 * image in the object store for good, and appends the record to the durable {@link FeedbackLog}
 * (fsynced before the 201). Every check runs before anything is written.
 */
final class FeedbackDesk implements AutoCloseable {
  /** A proposed class becomes a folder name when feedback is ingested. */
  private static final Pattern PROPOSED = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._-]{0,63}");

  private final FeedbackLog log;
  private final FeedbackStats stats;
  private final RecentPredictions recent;
  private final ObjectStore store;
  private final ServingMetrics metrics;
  private final int keepRecent;

  private FeedbackDesk(
      FeedbackLog log,
      FeedbackStats stats,
      RecentPredictions recent,
      ObjectStore store,
      ServingMetrics metrics,
      int keepRecent) {
    this.log = log;
    this.stats = stats;
    this.recent = recent;
    this.store = store;
    this.metrics = metrics;
    this.keepRecent = keepRecent;
  }

  /**
   * Opens the log (cutting a torn last line of a crash), counts it, and clears the recent cache.
   */
  static FeedbackDesk open(ServeConfig config, ServingMetrics metrics) throws MlopsException {
    FeedbackLog log = FeedbackLog.openForAppend(config.feedbackDirectory());
    try {
      FeedbackStats stats = new FeedbackStats(FeedbackLog.read(config.feedbackDirectory()));
      RecentPredictions recent =
          new RecentPredictions(config.feedbackDirectory().resolve("recent"), config.keepRecent());
      return new FeedbackDesk(
          log, stats, recent, new ObjectStore(config.storeRoot()), metrics, config.keepRecent());
    } catch (IOException e) {
      log.close();
      throw new MlopsException(
          "cannot keep recent images in "
              + config.feedbackDirectory().resolve("recent")
              + ": "
              + e.getMessage()
              + "; set feedbackDirectory (-Dmlops.feedback.directory, --feedback-dir) to a"
              + " writable directory",
          e);
    } catch (MlopsException | RuntimeException e) {
      log.close();
      throw e;
    }
  }

  RecentPredictions recent() {
    return recent;
  }

  FeedbackStats stats() {
    return stats;
  }

  /**
   * The prediction a request names among the recent ones.
   *
   * @throws ApiException 400 when it is not (or no longer) there
   */
  RecentPredictions.Prediction find(FeedbackRequest request) {
    if (request.requestId() != null) {
      List<RecentPredictions.Prediction> found = recent.byRequestId(request.requestId());
      if (request.imageSha256() != null) {
        found = found.stream().filter(p -> p.imageSha256().equals(request.imageSha256())).toList();
      }
      if (found.size() > 1) {
        throw ApiException.badRequest(
            "ambiguous",
            "request "
                + request.requestId()
                + " classified "
                + found.size()
                + " images; name one with 'imageSha256' as well");
      }
      if (found.isEmpty()) {
        throw unknown("requestId " + request.requestId());
      }
      return found.get(0);
    }
    RecentPredictions.Prediction found = recent.bySha(request.imageSha256());
    if (found == null) {
      throw unknown("imageSha256 " + request.imageSha256());
    }
    return found;
  }

  private ApiException unknown(String what) {
    return ApiException.badRequest(
        "unknown_prediction",
        what
            + " is not among the last "
            + keepRecent
            + " predictions of this server (keepRecent; they do not survive a restart): send"
            + " the image along as base64 in field 'image'");
  }

  /**
   * Whether {@code label} is proposed as a new class: false for one of {@code labels}.
   *
   * @throws ApiException 400 for an unknown label without {@code "propose": true}, or a proposed
   *     label that cannot name a class folder
   */
  static boolean proposed(FeedbackRequest request, List<String> labels) {
    if (labels.contains(request.label())) {
      return false;
    }
    if (!request.propose()) {
      throw ApiException.badRequest(
          "unknown_label",
          "label '"
              + RequestReader.abbreviate(request.label())
              + "' is not one of the model's labels "
              + labels
              + "; pick one of them, or send \"propose\": true to propose a new class");
    }
    if (!PROPOSED.matcher(request.label()).matches()) {
      throw ApiException.badRequest(
          "bad_label",
          "a proposed class must be 1 to 64 letters, digits, spaces, '.', '_' or '-', starting"
              + " with a letter or digit");
    }
    return true;
  }

  /**
   * Keeps the image in the store and appends the record, fsynced; returns it numbered.
   *
   * @param bytes the image (its hash must be the prediction's)
   */
  FeedbackRecord accept(
      RecentPredictions.Prediction prediction,
      byte[] bytes,
      FeedbackRequest request,
      boolean proposed)
      throws MlopsException {
    String sha = store.put(bytes);
    if (!sha.equals(prediction.imageSha256())) {
      throw new StoreException(
          "the kept image " + prediction.imageSha256() + " has changed on disk (now " + sha + ")");
    }
    FeedbackRecord record =
        new FeedbackRecord(
            0,
            null,
            prediction.model(),
            prediction.version(),
            prediction.label(),
            request.label(),
            proposed,
            request.image() == null ? prediction.requestId() : null,
            sha,
            request.userId(),
            request.comment());
    FeedbackRecord stored;
    synchronized (this) {
      stored = log.append(record);
      stats.add(stored);
    }
    metrics.feedback(FeedbackStats.kind(stored));
    return stored;
  }

  /** A thumbnail: only an image some feedback names, read from the store by its hash. */
  byte[] image(String sha) throws StoreException {
    if (!RecentPredictions.isSha256(sha) || !stats.hasImage(sha)) {
      throw new ApiException(
          404, "unknown_image", "no feedback names image " + RequestReader.abbreviate(sha));
    }
    return store.read(sha);
  }

  Map<String, Object> statsJson() {
    return stats.toJson();
  }

  @Override
  public void close() {
    log.close();
  }
}
