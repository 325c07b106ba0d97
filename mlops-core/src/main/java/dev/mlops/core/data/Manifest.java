package dev.mlops.core.data;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The content of a dataset version: every file with its split, label, hash and size, sorted by
 * path. Its {@link #id()} is the SHA-256 of its canonical JSON, so the same content has the same id
 * on any machine, whatever the order in which files were found.
 *
 * @param format the manifest format version (1)
 * @param layout how the data directory is organised
 * @param splitPolicy the seeded split applied to a {@link Layout#CLASS_FOLDERS} layout, else null
 * @param entries the files, sorted by path
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(
    int format, Layout layout, SplitPolicy splitPolicy, List<ManifestEntry> entries) {
  /** The current manifest format. */
  public static final int FORMAT = 1;

  /** Sorts the entries by path and rejects duplicate paths. */
  public Manifest {
    Objects.requireNonNull(layout, "layout");
    List<ManifestEntry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(ManifestEntry::path));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).path().equals(sorted.get(i - 1).path())) {
        throw new IllegalArgumentException("duplicate path in manifest: " + sorted.get(i).path());
      }
    }
    entries = List.copyOf(sorted);
  }

  /** Creates a manifest in the current format. */
  public Manifest(Layout layout, SplitPolicy splitPolicy, List<ManifestEntry> entries) {
    this(FORMAT, layout, splitPolicy, entries);
  }

  /** Canonical JSON bytes: sorted keys, no white space. The id is their SHA-256. */
  public byte[] toCanonicalJson() {
    return ManifestWriter.write(this);
  }

  /** Lower-case hex SHA-256 of {@link #toCanonicalJson()}. */
  @JsonIgnore
  public String id() {
    return idOf(toCanonicalJson());
  }

  /**
   * The id of the manifest whose {@link #toCanonicalJson()} is {@code canonicalJson}: for callers
   * that need both, which saves serialising a large manifest twice.
   */
  public static String idOf(byte[] canonicalJson) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(canonicalJson));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** Reads a manifest written by {@link #toCanonicalJson()}. */
  public static Manifest fromJson(byte[] json) throws IOException {
    return ManifestReader.read(json);
  }

  /** The class labels present, sorted. */
  @JsonIgnore
  public SortedSet<String> labels() {
    SortedSet<String> labels = new TreeSet<>();
    entries.forEach(e -> labels.add(e.label()));
    return labels;
  }

  /** File counts per split (folder name) and class, sorted. */
  @JsonIgnore
  public Map<String, Map<String, Integer>> counts() {
    Map<String, Map<String, Integer>> counts = new TreeMap<>();
    for (ManifestEntry e : entries) {
      counts
          .computeIfAbsent(e.split().dirName(), k -> new TreeMap<>())
          .merge(e.label(), 1, Integer::sum);
    }
    return counts;
  }

  /** Total size of all files in bytes. */
  @JsonIgnore
  public long totalBytes() {
    return entries.stream().mapToLong(ManifestEntry::size).sum();
  }
}
