package dev.mlops.core.data.version;

import dev.mlops.core.MlopsException;
import dev.mlops.core.Progress;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.git.RegistryRepository;
import dev.mlops.core.git.TestRepos;
import dev.mlops.core.store.Hashing;
import dev.mlops.core.store.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A project repository, a data directory outside it and an object store, all on disk. */
final class DatasetFixture implements AutoCloseable {
  final Path project;
  final Path data;
  final ObjectStore store;
  final RegistryRepository registry;
  final DatasetVersions versions;

  DatasetFixture(Path root, Path storeRoot, Progress progress) throws Exception {
    this.project = TestRepos.initProject(root.resolve("project"));
    this.data = root.resolve("data");
    this.store = new ObjectStore(storeRoot);
    this.registry = RegistryRepository.open(project);
    this.versions = new DatasetVersions(registry, store, progress);
  }

  DatasetFixture(Path root) throws Exception {
    this(root, root.resolve("store"), Progress.NONE);
  }

  DatasetFixture write(String relative, String content) throws IOException {
    Path file = data.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return this;
  }

  DatasetFixture delete(String relative) throws IOException {
    Files.delete(data.resolve(relative));
    return this;
  }

  Manifest scan() throws MlopsException {
    return new DatasetScanner(Progress.NONE)
        .scan(new ScanConfig(data, SplitPolicy.DEFAULT, null))
        .manifest();
  }

  VersionResult version(String name) throws MlopsException {
    return versions.version(new VersionRequest(name, scan(), data, Optional.empty(), false));
  }

  /** Every non-hidden file of the data directory with the SHA-256 of its bytes. */
  Map<String, String> fileHashes() throws IOException {
    Map<String, String> hashes = new TreeMap<>();
    try (Stream<Path> files = Files.walk(data)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String rel = data.relativize(f).toString().replace('\\', '/');
        if (!rel.startsWith(".") && !rel.contains("/.")) {
          hashes.put(rel, Hashing.sha256(f));
        }
      }
    }
    return hashes;
  }

  static Map<String, String> hashesOf(Manifest manifest) {
    Map<String, String> hashes = new TreeMap<>();
    manifest.entries().forEach(e -> hashes.put(e.path(), e.sha256()));
    return hashes;
  }

  /**
   * Everything under {@code root} except the store and the project: each directory, link (with its
   * target) and file (with the SHA-256 of its bytes), hidden ones included.
   */
  static Map<String, String> listing(Path root) throws IOException {
    Map<String, String> listing = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.toList()) {
        String rel = root.relativize(p).toString();
        if (rel.startsWith("store") || rel.startsWith("project")) {
          continue;
        }
        listing.put(
            rel,
            Files.isSymbolicLink(p)
                ? "link to " + Files.readSymbolicLink(p)
                : Files.isDirectory(p) ? "dir" : Hashing.sha256(p));
      }
    }
    return listing;
  }

  @Override
  public void close() {
    registry.close();
  }
}
