package dev.mlops.core.experiment;

/**
 * One line of the server's prediction log that belongs to an experiment.
 *
 * @param requestId the request it answered
 * @param imageSha256 the image's SHA-256
 * @param userId who asked
 * @param variant {@code control} or {@code treatment}
 * @param label the predicted label
 * @param latencyMs the server's time for it, or NaN when not logged
 * @param shadow whether it is the treatment's off-path score of a control request (shadow mode)
 */
record LoggedPrediction(
    String requestId,
    String imageSha256,
    String userId,
    String variant,
    String label,
    double latencyMs,
    boolean shadow) {
  /** The key feedback is matched by: request and image. */
  String key() {
    return requestId + '\0' + imageSha256;
  }
}
