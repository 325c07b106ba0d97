package dev.mlops.core.data.version;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mlops.core.data.Layout;
import java.util.Map;
import java.util.Objects;

/**
 * What the registry records about one dataset version, next to its manifest.
 *
 * @param name the dataset name
 * @param version the version number N of {@code v<N>}
 * @param manifestId the manifest's id (SHA-256 of its canonical JSON)
 * @param parent the version this one derives from ({@code v<K>}), or null for the first
 * @param createdAt when it was registered, ISO-8601 UTC
 * @param createdBy who registered it ({@code Name <email>} from Git)
 * @param sourceCommit the project commit (HEAD) it was registered from, which the tag marks
 * @param sourceDirty whether tracked files had uncommitted changes at that time
 * @param layout how the data directory is organised
 * @param counts files per split and class
 * @param files number of files
 * @param bytes total size of the files
 * @param source where the content came from beyond the data directory ({@link #FEEDBACK}), or null
 *     for a plain {@code version-data}
 * @param feedback the feedback records this version took in, or null
 */
// Cards written by a newer version may carry more fields; older readers still list them.
@JsonIgnoreProperties(ignoreUnknown = true)
public record DatasetCard(
    String name,
    int version,
    String manifestId,
    String parent,
    String createdAt,
    String createdBy,
    String sourceCommit,
    boolean sourceDirty,
    Layout layout,
    Map<String, Map<String, Integer>> counts,
    int files,
    long bytes,
    @JsonInclude(JsonInclude.Include.NON_NULL) String source,
    @JsonInclude(JsonInclude.Include.NON_NULL) IngestedFeedback feedback) {
  /** {@link #source()} of a version made by feedback ingestion. */
  public static final String FEEDBACK = "feedback";

  /** Checks the required fields. */
  public DatasetCard {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(manifestId, "manifestId");
    Objects.requireNonNull(sourceCommit, "sourceCommit");
    counts = counts == null ? Map.of() : counts;
  }

  /** {@code v<N>}. */
  @JsonIgnore
  public String versionName() {
    return "v" + version;
  }

  /** The Git tag of this version, {@code dataset/<name>/v<N>}. */
  @JsonIgnore
  public String tagName() {
    return DatasetPaths.tagName(name, version);
  }
}
