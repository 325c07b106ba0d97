package dev.mlops.core.data.version;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.data.DataDirectory;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.store.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The files of a data directory as checkout sees them: every non-hidden file, with its hash. */
final class DataFiles {
  private DataFiles() {}

  /**
   * Resolves a manifest path inside {@code dir}. Manifests can come from a shared remote, so a path
   * that would leave the directory, or touch a hidden file such as {@code .git}, is refused.
   */
  static Path resolve(Path dir, String relative) throws MlopsException {
    // A backslash is a separator only on Windows; elsewhere it is part of a name.
    boolean backslashSeparates = dir.getFileSystem().getSeparator().equals("\\");
    boolean safe =
        !relative.isEmpty()
            && !relative.startsWith("/")
            && !(backslashSeparates && relative.contains("\\"));
    for (String segment : relative.split("/", -1)) {
      safe &= !segment.isEmpty() && !segment.startsWith(".");
    }
    Path base = dir.toAbsolutePath().normalize();
    Path resolved = base.resolve(relative).normalize();
    if (!safe || !resolved.startsWith(base) || resolved.equals(base)) {
      throw new MlopsException(
          "the manifest names the unsafe path '"
              + relative
              + "' (outside "
              + base
              + ", or hidden); the registry entry was not written by mlops: inspect it with `git"
              + " log mlops-registry`");
    }
    return resolved;
  }

  /**
   * Every regular, non-hidden file under {@code dir} ('/'-separated relative path to SHA-256). The
   * dataset's images are hashed through the scanner and its hash cache; other files directly.
   */
  static Map<String, String> hashes(Path dir, Path hashCacheFile) throws MlopsException {
    Map<String, String> hashes = new TreeMap<>();
    List<String> files = walk(dir);
    if (files.isEmpty()) {
      return hashes;
    }
    try {
      ScanConfig config = new ScanConfig(dir, SplitPolicy.DEFAULT, hashCacheFile);
      for (ManifestEntry e : new DatasetScanner(Progress.NONE).scan(config).manifest().entries()) {
        hashes.put(e.path(), e.sha256());
      }
    } catch (InvalidInputException e) {
      // Not (yet) a valid dataset layout, e.g. mixed folders: every file is hashed below.
    }
    Hashing hashing = new Hashing();
    for (String file : files) {
      if (!hashes.containsKey(file)) {
        try {
          hashes.put(file, hashing.hash(dir.resolve(file)));
        } catch (IOException e) {
          throw new MlopsException("cannot read " + dir.resolve(file) + ": " + e, e);
        }
      }
    }
    return hashes;
  }

  private static List<String> walk(Path dir) throws MlopsException {
    List<String> files = new ArrayList<>();
    if (!Files.exists(dir)) {
      return files;
    }
    if (!Files.isDirectory(dir)) {
      throw new InvalidInputException(
          dir + " is a file, not a data directory; point the data directory elsewhere",
          dir.toString());
    }
    try {
      DataDirectory.walk(dir).forEach(f -> files.add(f.path()));
    } catch (IOException e) {
      throw new MlopsException("cannot list the data directory " + dir + ": " + e, e);
    }
    return files;
  }

  /** Deletes {@code file}'s parent directories up to {@code dir} that became empty. */
  static void deleteEmptyParents(Path dir, Path file) throws IOException {
    Path parent = file.getParent();
    while (parent != null && parent.startsWith(dir) && !parent.equals(dir)) {
      try (var children = Files.list(parent)) {
        if (children.findAny().isPresent()) {
          return;
        }
      }
      Files.delete(parent);
      parent = parent.getParent();
    }
  }
}
