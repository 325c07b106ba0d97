package dev.mlops.core.data.validate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Images of different splits whose perceptual hashes differ in at most {@code maxDistance} bits: a
 * warning per pair (a re-encoded or resized copy leaks like an exact one, but a hash can also
 * collide). Exact copies are skipped; the leakage check reports them.
 *
 * <p>Pairs are found without comparing all of them: split the 64 bits into {@code maxDistance + 1}
 * chunks; two hashes within that distance agree exactly on at least one chunk (pigeonhole), so only
 * images sharing a chunk value are compared. A caller that searched elsewhere (a Spark join) hands
 * its pairs in instead; they pass the same rule ({@link #isNearDuplicate}) and become the same
 * findings.
 */
final class NearDuplicatesCheck implements Check {
  static final String ID = "near-duplicates";

  /** Pairs beyond this are counted but not listed, so a degenerate dataset stays readable. */
  static final int MAX_REPORTED_PAIRS = 1000;

  private final int maxDistance;
  private final List<NearDuplicatePair> found;

  /** A check that searches the pairs itself. */
  NearDuplicatesCheck(int maxDistance) {
    this(maxDistance, null);
  }

  /**
   * A check that takes its candidate pairs from {@code found} (searched elsewhere), or searches
   * itself when {@code found} is null.
   */
  NearDuplicatesCheck(int maxDistance, List<NearDuplicatePair> found) {
    this.maxDistance = maxDistance;
    this.found = found == null ? null : List.copyOf(found);
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> run(ValidationContext context) {
    List<ImageInfo[]> pairs = found == null ? search(context) : given(context);
    pairs.sort(
        Comparator.comparing((ImageInfo[] p) -> p[0].path()).thenComparing(p -> p[1].path()));
    // One finding per pair of splits, each pair of files one line: a few hundred look-alikes read
    // as one warning with a list, not as hundreds of warnings.
    Map<String, List<ImageInfo[]>> bySplits = new TreeMap<>();
    for (ImageInfo[] pair : pairs) {
      String key = pair[0].entry().split().dirName() + " and " + pair[1].entry().split().dirName();
      bySplits.computeIfAbsent(key, k -> new ArrayList<>()).add(pair);
    }
    List<Finding> findings = new ArrayList<>();
    bySplits.forEach((splits, list) -> findings.add(finding(splits, list)));
    return findings;
  }

  private List<ImageInfo[]> search(ValidationContext context) {
    List<ImageInfo> hashed = context.images().stream().filter(ImageInfo::hashed).toList();
    List<ImageInfo[]> pairs = new ArrayList<>();
    for (int[] pair : pairs(hashed, maxDistance)) {
      pairs.add(ordered(hashed.get(pair[0]), hashed.get(pair[1])));
    }
    return pairs;
  }

  /** The handed pairs that pass {@link #isNearDuplicate}, each once, ordered within. */
  private List<ImageInfo[]> given(ValidationContext context) {
    Map<String, ImageInfo> byPath = new HashMap<>();
    context.images().forEach(i -> byPath.put(i.path(), i));
    Set<List<String>> seen = new HashSet<>();
    List<ImageInfo[]> pairs = new ArrayList<>();
    for (NearDuplicatePair pair : found) {
      ImageInfo x = byPath.get(pair.first());
      ImageInfo y = byPath.get(pair.second());
      if (x == null || y == null) {
        throw new IllegalArgumentException("near-duplicate pair of unknown images: " + pair);
      }
      ImageInfo[] p = ordered(x, y);
      if (isNearDuplicate(x, y, maxDistance) && seen.add(List.of(p[0].path(), p[1].path()))) {
        pairs.add(p);
      }
    }
    return pairs;
  }

  /**
   * The rule a pair must pass: both hashed, of different splits, with different content (exact
   * copies are the leakage check's), hashes at most {@code maxDistance} bits apart.
   */
  static boolean isNearDuplicate(ImageInfo x, ImageInfo y, int maxDistance) {
    return x.hashed()
        && y.hashed()
        && x.entry().split() != y.entry().split()
        && !x.entry().sha256().equals(y.entry().sha256())
        && PerceptualHash.distance(x.perceptualHash(), y.perceptualHash()) <= maxDistance;
  }

  /**
   * Index pairs {i, j} (i < j) of images in different splits, with different content, whose hashes
   * differ in at most {@code maxDistance} bits. Each pair is returned once.
   */
  static List<int[]> pairs(List<ImageInfo> images, int maxDistance) {
    int chunks = maxDistance + 1;
    List<int[]> pairs = new ArrayList<>();
    for (int c = 0; c < chunks; c++) {
      Map<Long, List<Integer>> buckets = new HashMap<>();
      for (int i = 0; i < images.size(); i++) {
        long key = chunk(images.get(i).perceptualHash(), c, chunks);
        buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
      }
      for (List<Integer> bucket : buckets.values()) {
        for (int a = 0; a < bucket.size(); a++) {
          for (int b = a + 1; b < bucket.size(); b++) {
            if (isPair(
                images.get(bucket.get(a)), images.get(bucket.get(b)), c, chunks, maxDistance)) {
              pairs.add(new int[] {bucket.get(a), bucket.get(b)});
            }
          }
        }
      }
    }
    return pairs;
  }

  private static boolean isPair(ImageInfo x, ImageInfo y, int chunk, int chunks, int maxDistance) {
    for (int earlier = 0; earlier < chunk; earlier++) {
      if (chunk(x.perceptualHash(), earlier, chunks)
          == chunk(y.perceptualHash(), earlier, chunks)) {
        return false; // already found through the earlier chunk
      }
    }
    return isNearDuplicate(x, y, maxDistance);
  }

  /** Bits [c*64/chunks, (c+1)*64/chunks) of {@code hash}. */
  private static long chunk(long hash, int c, int chunks) {
    int from = c * 64 / chunks;
    int length = (c + 1) * 64 / chunks - from;
    long mask = length == 64 ? -1L : (1L << length) - 1;
    return (hash >>> from) & mask;
  }

  private static ImageInfo[] ordered(ImageInfo x, ImageInfo y) {
    boolean keep = ContentGroups.SPLIT_THEN_PATH.compare(x.entry(), y.entry()) <= 0;
    return keep ? new ImageInfo[] {x, y} : new ImageInfo[] {y, x};
  }

  private Finding finding(String splits, List<ImageInfo[]> pairs) {
    List<String> lines = new ArrayList<>();
    for (ImageInfo[] p : pairs.subList(0, Math.min(pairs.size(), MAX_REPORTED_PAIRS))) {
      lines.add(
          Texts.name(p[0].path())
              + " ~ "
              + Texts.name(p[1].path())
              + " (distance "
              + PerceptualHash.distance(p[0].perceptualHash(), p[1].perceptualHash())
              + ")");
    }
    String message =
        String.format(
            "%d image pair%s in %s look alike (perceptual hash distance <= nearDuplicateDistance"
                + " %d): possible leakage; remove one image of each pair, or lower"
                + " nearDuplicateDistance if they are different pictures%s",
            pairs.size(),
            pairs.size() == 1 ? "" : "s",
            splits,
            maxDistance,
            pairs.size() > MAX_REPORTED_PAIRS
                ? " (the first " + MAX_REPORTED_PAIRS + " pairs are listed)"
                : "");
    return Finding.warning(ID, message, lines);
  }
}
