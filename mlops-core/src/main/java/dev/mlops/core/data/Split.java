package dev.mlops.core.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/**
 * A dataset split. The folder name is the lower-case name ({@code train}, {@code val}, {@code
 * test}).
 */
public enum Split {
  TRAIN,
  VAL,
  TEST;

  /** The folder name and JSON value of this split. */
  @JsonValue
  public String dirName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The split named {@code name} in JSON; rejects unknown names. */
  @JsonCreator
  public static Split fromJson(String name) {
    return fromDirName(name)
        .orElseThrow(() -> new IllegalArgumentException("unknown split " + name));
  }

  /** The split whose folder is {@code name}, if any. */
  public static Optional<Split> fromDirName(String name) {
    for (Split s : values()) {
      if (s.dirName().equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
