package dev.mlops.core.git;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What every versioned kind in the registry (datasets, models) shares: its versions are {@code
 * v<N>} folders under one directory of the registry branch, and each version's tag marks the
 * project commit it came from.
 */
public final class VersionedEntries {
  private static final Pattern VERSION_DIR = Pattern.compile("v([1-9][0-9]{0,8})");

  private VersionedEntries() {}

  /**
   * The project commit a new version's tag marks, whether the working tree differed from it, and
   * when.
   *
   * @param commit the HEAD commit id
   * @param dirty whether tracked files had uncommitted changes
   * @param createdAt now, ISO-8601 UTC to the second
   */
  public record Source(String commit, boolean dirty, String createdAt) {}

  /** The version numbers in {@code dir} ({@code v<N>} children), ascending. */
  public static List<Integer> versions(RegistrySnapshot snapshot, String dir)
      throws MlopsException {
    List<Integer> versions = new ArrayList<>();
    for (String child : snapshot.list(dir)) {
      var m = VERSION_DIR.matcher(child);
      if (m.matches()) {
        versions.add(Integer.parseInt(m.group(1)));
      }
    }
    Collections.sort(versions);
    return versions;
  }

  /**
   * HEAD, which must exist, and whether the working tree differs from it (warned about, since the
   * tag will mark a commit without those changes).
   *
   * @param kind what is being versioned, for messages ("dataset", "model")
   * @param name its name
   */
  public static Source source(
      RegistryRepository registry, String kind, String name, Progress progress)
      throws MlopsException {
    String commit =
        registry
            .headCommit()
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        registry.directory()
                            + " has no commit yet, so the "
                            + kind
                            + " version cannot be tagged on one; commit your project first (git"
                            + " add . && git commit)",
                        "HEAD"));
    boolean dirty = registry.isDirty();
    if (dirty) {
      progress.warn(
          "The project has uncommitted changes; the tag of "
              + kind
              + " "
              + name
              + " will mark HEAD "
              + commit.substring(0, 10)
              + ", which does not contain them (sourceDirty is recorded in the card)");
    }
    return new Source(commit, dirty, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
  }
}
