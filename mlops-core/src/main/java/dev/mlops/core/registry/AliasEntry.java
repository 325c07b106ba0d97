package dev.mlops.core.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * Where one alias points, in {@code models/<name>/aliases.json}.
 *
 * @param version the version the alias points at now
 * @param history the versions it pointed at before, oldest first; the last one is where {@code
 *     rollback} moves it back to
 */
public record AliasEntry(int version, List<Integer> history) {
  /** Copies the history. */
  public AliasEntry {
    history = history == null ? List.of() : List.copyOf(history);
  }

  /** This alias moved to {@code newVersion}, remembering the current version. */
  AliasEntry movedTo(int newVersion) {
    List<Integer> previous = new ArrayList<>(history);
    previous.add(version);
    return new AliasEntry(newVersion, previous);
  }

  /** This alias moved back to the last previous version; call only when there is one. */
  AliasEntry rolledBack() {
    List<Integer> previous = new ArrayList<>(history);
    int back = previous.remove(previous.size() - 1);
    return new AliasEntry(back, previous);
  }
}
