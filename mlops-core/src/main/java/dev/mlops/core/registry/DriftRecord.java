package dev.mlops.core.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Set;

/**
 * The latest drift verdict of a model version ({@code models/<name>/v<N>/drift.json}); {@code git
 * log} of that file is the history of its checks.
 *
 * @param checkedAt when the check ran, ISO-8601 UTC; null: filled in when recorded
 * @param checkedBy who ran it ({@code Name <email>} from Git); null: filled in when recorded
 * @param incoming the incoming data that was compared with the model's baseline (a directory)
 * @param images how many incoming images were compared
 * @param status {@value #NO_DRIFT}, {@value #DRIFT} or {@value #NOT_ENOUGH_DATA}
 * @param retrainRecommended whether the check recommends retraining
 * @param reasons why, one sentence each (the drifted features, or why there was too little data)
 * @param reportSha256 the SHA-256 of the {@code drift.json} report it summarises, or null
 */
// Verdicts written by a newer version may carry more fields; older readers still read them.
@JsonIgnoreProperties(ignoreUnknown = true)
public record DriftRecord(
    String checkedAt,
    String checkedBy,
    String incoming,
    int images,
    String status,
    boolean retrainRecommended,
    List<String> reasons,
    String reportSha256) {
  /** The incoming data looks like the baseline. */
  public static final String NO_DRIFT = "no-drift";

  /** Some features of the incoming data differ from the baseline. */
  public static final String DRIFT = "drift";

  /** Too few incoming images for the tests to decide. */
  public static final String NOT_ENOUGH_DATA = "not-enough-data";

  private static final Set<String> STATUSES = Set.of(NO_DRIFT, DRIFT, NOT_ENOUGH_DATA);

  /**
   * Checks the status and the image count and copies the reasons.
   *
   * @throws IllegalArgumentException for an unknown status or a negative image count
   */
  public DriftRecord {
    if (!STATUSES.contains(status)) {
      throw new IllegalArgumentException(
          "drift status '"
              + status
              + "' is not one of "
              + NO_DRIFT
              + ", "
              + DRIFT
              + ", "
              + NOT_ENOUGH_DATA);
    }
    if (images < 0) {
      throw new IllegalArgumentException("images is " + images + "; must be >= 0");
    }
    reasons = reasons == null ? List.of() : List.copyOf(reasons);
  }

  /** This verdict checked by {@code actor} at {@code now} where those were not given. */
  DriftRecord stamped(String actor, String now) {
    return new DriftRecord(
        checkedAt == null ? now : checkedAt,
        checkedBy == null ? actor : checkedBy,
        incoming,
        images,
        status,
        retrainRecommended,
        reasons,
        reportSha256);
  }

  /** "drift (retrain recommended)", "no-drift", ...: the verdict in a few words. */
  String verdict() {
    return status + (retrainRecommended ? " (retrain recommended)" : "");
  }
}
