package dev.mlops.core.feedback;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What one cycle of {@link FeedbackWatch} did: one JSON line of {@code watch.jsonl}.
 *
 * @param cycle the cycle number, from 1
 * @param time when the cycle started, ISO-8601 UTC
 * @param ingested feedback records taken in
 * @param datasetVersion the dataset version the ingestion created ({@code v<N>}), or null
 * @param due whether retraining was due
 * @param reasons why (or why not)
 * @param buildExitCode the retraining build's exit code, or null when none ran
 * @param registered the version trained on the newest dataset after the build ({@code v<N>}), or
 *     null
 * @param promoted whether the alias was moved to it
 * @param promotion what the promotion step said (moved, refused by the gate, not asked for)
 * @param error why the cycle stopped early, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WatchCycle(
    int cycle,
    String time,
    int ingested,
    String datasetVersion,
    boolean due,
    List<String> reasons,
    Integer buildExitCode,
    String registered,
    boolean promoted,
    String promotion,
    String error) {
  /** Copies the reasons. */
  public WatchCycle {
    reasons = reasons == null ? List.of() : List.copyOf(reasons);
  }

  /** One line for a log. */
  public String summary() {
    if (error != null) {
      return "Watch cycle " + cycle + " failed: " + error;
    }
    StringBuilder s =
        new StringBuilder("Watch cycle ")
            .append(cycle)
            .append(": ingested ")
            .append(ingested)
            .append(ingested == 1 ? " record" : " records");
    if (datasetVersion != null) {
      s.append(" into dataset ").append(datasetVersion);
    }
    s.append(due ? "; retraining due" : "; no retraining due");
    if (buildExitCode != null) {
      s.append("; build exit code ").append(buildExitCode);
    }
    if (registered != null) {
      s.append("; candidate ").append(registered);
    }
    if (promotion != null) {
      s.append("; ").append(promotion);
    }
    return s.toString();
  }
}
