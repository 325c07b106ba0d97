package dev.mlops.core.registry;

import dev.mlops.core.drift.DriftReport;
import java.util.Optional;

/**
 * The outcome of a {@link DriftCheck}: the report, and for which registered version the verdict was
 * recorded. Whether drift fails anything is the caller's decision.
 *
 * @param report the drift report (also written to {@code drift.json})
 * @param recordedVersion the version the verdict was recorded for, or null when it was not recorded
 *     (no registry, a local model that is not registered, recording off, or no verdict)
 */
public record DriftCheckResult(DriftReport report, Integer recordedVersion) {
  /** The version the verdict was recorded for, if it was. */
  public Optional<Integer> recorded() {
    return Optional.ofNullable(recordedVersion);
  }
}
