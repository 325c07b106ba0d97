package dev.mlops.core.git;

import dev.mlops.core.MlopsException;
import java.util.List;
import java.util.Optional;

/**
 * A read-only view of the registry branch at one fixed commit. A {@link RegistryChange} decides
 * what to write from it; it is valid only while the change runs.
 */
public interface RegistrySnapshot {
  /** The commit this snapshot shows; empty when the registry branch did not exist yet. */
  Optional<String> commitId();

  /**
   * The bytes of the file at {@code path} ('/'-separated, relative to the branch root); empty when
   * there is no such file.
   */
  Optional<byte[]> read(String path) throws MlopsException;

  /**
   * The names of the direct children (files and directories) of the directory {@code dirPrefix}
   * ('/'-separated; "" for the root), sorted; empty when there is no such directory.
   */
  List<String> list(String dirPrefix) throws MlopsException;
}
