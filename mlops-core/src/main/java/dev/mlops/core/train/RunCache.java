package dev.mlops.core.train;

import dev.mlops.core.AtomicFiles;
import dev.mlops.core.Json;
import dev.mlops.core.store.ObjectStore;
import dev.mlops.core.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Finished training runs in the object store, by fingerprint: {@code runs/<fingerprint>.json} lists
 * the SHA-256 of every output file, and the files themselves are store objects. A build whose
 * fingerprint is found restores the files instead of training. The index is written after its
 * objects, so a reader never sees an index whose objects were not stored.
 */
final class RunCache {
  private final ObjectStore store;

  RunCache(ObjectStore store) {
    this.store = store;
  }

  /**
   * The index of one cached run.
   *
   * @param fingerprint the run's fingerprint
   * @param files output file name (in the model directory) to the SHA-256 of its bytes
   */
  record Entry(String fingerprint, Map<String, String> files) {
    Entry {
      files = new TreeMap<>(files);
    }
  }

  /** Where the index of {@code fingerprint} lives. */
  Path indexFile(String fingerprint) {
    return store.root().resolve("runs").resolve(fingerprint + ".json");
  }

  /** The cached run of {@code fingerprint}, when the store has an index for it. */
  Optional<Entry> find(String fingerprint) throws IOException {
    Path index = indexFile(fingerprint);
    if (!Files.isRegularFile(index)) {
      return Optional.empty();
    }
    Entry entry = Json.mapper().readValue(Files.readAllBytes(index), Entry.class);
    if (!fingerprint.equals(entry.fingerprint())) {
      throw new IOException(index + " is the index of run " + entry.fingerprint());
    }
    return Optional.of(entry);
  }

  /**
   * Writes every file of {@code entry} into {@code outputDir}; each object's hash is verified on
   * the way (a damaged object throws {@link dev.mlops.core.store.CorruptObjectException}).
   */
  void restore(Entry entry, Path outputDir) throws StoreException {
    for (Map.Entry<String, String> file : entry.files().entrySet()) {
      store.restore(file.getValue(), outputDir.resolve(file.getKey()));
    }
  }

  /** Stores {@code files} (names in {@code outputDir}) and then writes the run's index. */
  Entry add(String fingerprint, Path outputDir, List<String> files)
      throws StoreException, IOException {
    Map<String, String> hashes = new TreeMap<>();
    for (String name : files) {
      hashes.put(name, store.put(outputDir.resolve(name)));
    }
    Entry entry = new Entry(fingerprint, hashes);
    AtomicFiles.write(indexFile(fingerprint), Json.pretty(entry));
    return entry;
  }
}
