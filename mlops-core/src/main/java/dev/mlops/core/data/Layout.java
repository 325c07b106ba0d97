package dev.mlops.core.data;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a data directory is organised. */
public enum Layout {
  /** {@code <split>/<class>/<file>} with splits {@code train}, {@code val}, {@code test}. */
  @JsonProperty("split-folders")
  SPLIT_FOLDERS,
  /** {@code <class>/<file>}; splits are assigned by a seeded {@link SplitPolicy}. */
  @JsonProperty("class-folders")
  CLASS_FOLDERS
}
