package dev.mlops.core.data;

import dev.mlops.core.AtomicFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Remembers the SHA-256 of each file keyed by (path, size, mtime), so a rescan of unchanged files
 * hashes nothing. Stored as a small tab-separated text file: it is read on every build, and a line
 * format parses an order of magnitude faster than a JSON tree at 100,000 entries. A damaged or
 * foreign cache file is ignored (everything is hashed again), never trusted.
 *
 * <p>Format 2 writes the data directory and every path {@link FileNames#escape escaped}, so a file
 * name with a newline, carriage return or tab stays on its line. Format 1 wrote them raw; it is
 * still read (its names with a backslash are taken as they are, as they were written) and is
 * rewritten as format 2 on the next save.
 */
final class HashCache {
  private static final String HEADER = "mlops-hash-cache\t2";
  private static final String HEADER_V1 = "mlops-hash-cache\t1";

  private record Key(long size, long mtimeNanos) {}

  private record Entry(long size, long mtimeNanos, String sha256) {}

  private final Path dataDirectory;
  private final Map<String, Entry> entries;
  private boolean changed;

  private HashCache(Path dataDirectory, Map<String, Entry> entries) {
    this.dataDirectory = dataDirectory;
    this.entries = entries;
  }

  /** An empty cache for files under {@code dataDirectory}. */
  static HashCache empty(Path dataDirectory) {
    return new HashCache(dataDirectory, new HashMap<>());
  }

  /**
   * Loads the cache at {@code file}; missing, unreadable or written for another data directory
   * (paths are relative, so its entries would be wrong here) -> empty.
   */
  static HashCache load(Path file, Path dataDirectory) {
    if (file == null) {
      return empty(dataDirectory);
    }
    Map<String, Entry> entries = new HashMap<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      boolean v1 = HEADER_V1.equals(header);
      if (!v1 && !HEADER.equals(header)) {
        return empty(dataDirectory);
      }
      String dir = dataDirectory.toString();
      if (!(v1 ? dir : FileNames.escape(dir)).equals(in.readLine())) {
        return empty(dataDirectory);
      }
      String line;
      while ((line = in.readLine()) != null) {
        String[] f = line.split("\t", 4);
        if (f.length != 4 || f[0].length() != 64) {
          return empty(dataDirectory);
        }
        String path = v1 ? f[3] : FileNames.unescape(f[3]);
        entries.put(path, new Entry(Long.parseLong(f[1]), Long.parseLong(f[2]), f[0]));
      }
      HashCache cache = new HashCache(dataDirectory, entries);
      cache.changed = v1; // rewritten in the current format
      return cache;
    } catch (NoSuchFileException e) {
      return empty(dataDirectory);
    } catch (IOException | RuntimeException e) {
      // A corrupt cache costs one full hash pass, never a wrong hash.
      return empty(dataDirectory);
    }
  }

  /** The remembered hash of {@code path} if its size and mtime are unchanged, else null. */
  String lookup(String path, long size, long mtimeNanos) {
    Entry e = entries.get(path);
    return e != null && e.size() == size && e.mtimeNanos() == mtimeNanos ? e.sha256() : null;
  }

  /** Remembers a hash. */
  void put(String path, long size, long mtimeNanos, String sha256) {
    Entry old = entries.put(path, new Entry(size, mtimeNanos, sha256));
    if (!new Entry(size, mtimeNanos, sha256).equals(old)) {
      changed = true;
    }
  }

  /** Forgets every path not in {@code present} (deleted files). */
  void retainOnly(Set<String> present) {
    if (entries.keySet().retainAll(present)) {
      changed = true;
    }
  }

  /** Writes the cache atomically if anything changed since it was loaded. */
  void saveIfChanged(Path file) throws IOException {
    if (file == null || !changed) {
      return;
    }
    StringBuilder text = new StringBuilder(entries.size() * 120).append(HEADER).append('\n');
    text.append(FileNames.escape(dataDirectory.toString())).append('\n');
    entries.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                text.append(e.getValue().sha256())
                    .append('\t')
                    .append(e.getValue().size())
                    .append('\t')
                    .append(e.getValue().mtimeNanos())
                    .append('\t')
                    .append(FileNames.escape(e.getKey()))
                    .append('\n'));
    AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
    changed = false;
  }

  int size() {
    return entries.size();
  }
}
