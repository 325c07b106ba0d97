package dev.mlops.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.Progress;
import dev.mlops.core.ProgressLog;
import dev.mlops.core.Remedy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetScannerTest {
  @TempDir Path tmp;

  private final DatasetScanner scanner = new DatasetScanner(Progress.NONE);

  private static Path write(Path dir, String rel, String content) throws Exception {
    Path file = dir.resolve(rel);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    // Old enough not to count as "racily clean", so the hash cache may remember it.
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));
    return file;
  }

  private ScanResult scan(Path dir) throws Exception {
    return scanner.scan(new ScanConfig(dir, SplitPolicy.DEFAULT, tmp.resolve("cache.tsv")));
  }

  @Test
  void scan_splitFolders_listsEntriesSortedWithLabelsAndHashes() throws Exception {
    Path data = tmp.resolve("data");
    write(data, "train/dog/b.png", "dog-b");
    write(data, "train/cat/a.jpg", "cat-a");
    write(data, "test/cat/c.JPEG", "cat-c");

    Manifest m = scan(data).manifest();

    assertThat(m.layout()).isEqualTo(Layout.SPLIT_FOLDERS);
    assertThat(m.entries())
        .extracting(ManifestEntry::path)
        .containsExactly("test/cat/c.JPEG", "train/cat/a.jpg", "train/dog/b.png");
    assertThat(m.entries().get(1))
        .isEqualTo(
            new ManifestEntry(
                "train/cat/a.jpg",
                Split.TRAIN,
                "cat",
                dev.mlops.core.store.Hashing.sha256("cat-a".getBytes()),
                5));
    assertThat(m.counts())
        .isEqualTo(Map.of("test", Map.of("cat", 1), "train", Map.of("cat", 1, "dog", 1)));
  }

  @Test
  void scan_hiddenAndOtherFiles_ignoresHiddenAndReportsOthers() throws Exception {
    Path data = tmp.resolve("data");
    write(data, "train/cat/a.png", "a");
    write(data, "train/cat/.DS_Store", "x");
    write(data, ".git/config", "x");
    write(data, "train/cat/notes.txt", "x");
    write(data, "train/loose.png", "x");

    ScanResult result = scan(data);

    assertThat(result.manifest().entries())
        .extracting(ManifestEntry::path)
        .containsExactly("train/cat/a.png");
    assertThat(result.otherFiles())
        .containsExactlyInAnyOrder("train/cat/notes.txt", "train/loose.png");
  }

  @Test
  void id_sameContentInAnotherPlaceAndOrder_isEqual() throws Exception {
    Path one = tmp.resolve("one");
    write(one, "train/a/1.png", "1");
    write(one, "train/b/2.png", "2");
    Path two = tmp.resolve("two");
    write(two, "train/b/2.png", "2");
    write(two, "train/a/1.png", "1");

    assertThat(scan(one).manifest().id()).isEqualTo(scan(two).manifest().id());
    write(two, "train/b/2.png", "3");
    assertThat(scan(one).manifest().id()).isNotEqualTo(scan(two).manifest().id());
  }

  @Test
  void rescan_unchangedFiles_hashesNothing() throws Exception {
    Path data = tmp.resolve("data");
    for (int i = 0; i < 100; i++) {
      write(data, "train/c" + (i % 3) + "/" + i + ".png", "img" + i);
    }
    ScanResult first = scan(data);
    ScanResult second = scan(data);

    assertThat(first.stats().hashedFiles()).isEqualTo(100);
    assertThat(second.stats().hashedFiles()).isZero();
    assertThat(second.stats().cachedFiles()).isEqualTo(100);
    assertThat(second.manifest()).isEqualTo(first.manifest());
  }

  @Test
  void rescan_changedFile_hashesOnlyThatFile() throws Exception {
    Path data = tmp.resolve("data");
    write(data, "train/a/1.png", "1");
    write(data, "train/a/2.png", "2");
    scan(data);
    Path changed = data.resolve("train/a/2.png");
    Files.writeString(changed, "22");

    ScanResult result = scan(data);

    assertThat(result.stats().hashedFiles()).isEqualTo(1);
    assertThat(result.manifest().entries().get(1).sha256())
        .isEqualTo(dev.mlops.core.store.Hashing.sha256(changed));
  }

  @Test
  void rescan_fileWrittenJustNow_isHashedAgainBecauseItMayStillChange() throws Exception {
    Path data = tmp.resolve("data");
    Path fresh = data.resolve("train/a/1.png");
    Files.createDirectories(fresh.getParent());
    Files.writeString(fresh, "1");
    scan(data);

    assertThat(scan(data).stats().hashedFiles()).isEqualTo(1);
  }

  @Test
  void rescan_corruptCache_hashesEverythingAgain() throws Exception {
    Path data = tmp.resolve("data");
    write(data, "train/a/1.png", "1");
    scan(data);
    Files.writeString(tmp.resolve("cache.tsv"), "garbage");

    assertThat(scan(data).stats().hashedFiles()).isEqualTo(1);
  }

  @Test
  void rescan_namesWithNewlineTabCarriageReturnAndBackslash_hashesOnceThenUsesTheCache()
      throws Exception {
    Path data = tmp.resolve("data");
    List<String> names =
        List.of(
            "train/a/new\nline.png", "train/a/t\tab.png", "train/a/c\rr.png", "train/a/b\\s.png");
    for (String name : names) {
      write(data, name, name);
    }
    write(data, "train/a/plain.png", "plain");

    ScanResult first = scan(data);
    ScanResult second = scan(data);

    assertThat(first.stats().hashedFiles()).isEqualTo(5);
    assertThat(second.stats().hashedFiles()).isZero();
    assertThat(second.stats().cachedFiles()).isEqualTo(5);
    assertThat(second.manifest().entries()).extracting(ManifestEntry::path).containsAll(names);
    assertThat(second.manifest()).isEqualTo(first.manifest());
  }

  @Test
  void scan_nameWithNewline_logsItEscapedOnOneLine() throws Exception {
    Path data = tmp.resolve("da\nta");
    write(data, "train/a/x.png", "x");
    List<String> lines = new ArrayList<>();

    new DatasetScanner(ProgressLog.to(lines))
        .scan(new ScanConfig(data, SplitPolicy.DEFAULT, tmp.resolve("cache.tsv")));

    assertThat(lines)
        .isNotEmpty()
        .noneMatch(l -> l.contains("\n"))
        .anyMatch(l -> l.contains("da\\nta"));
  }

  @Test
  void scan_symbolicLinks_reportsEachOneAsNotFollowed() throws Exception {
    Path data = tmp.resolve("data");
    write(data, "train/cat/a.png", "a");
    write(tmp, "elsewhere/dog/d.png", "d");
    Files.createSymbolicLink(data.resolve("train/cat/link.png"), Path.of("a.png"));
    Files.createSymbolicLink(data.resolve("train/dog"), tmp.resolve("elsewhere/dog"));
    List<String> lines = new ArrayList<>();

    ScanResult result =
        new DatasetScanner(ProgressLog.to(lines))
            .scan(new ScanConfig(data, SplitPolicy.DEFAULT, null));

    assertThat(result.manifest().entries())
        .extracting(ManifestEntry::path)
        .containsExactly("train/cat/a.png");
    assertThat(lines)
        .anyMatch(
            l ->
                l.startsWith("WARN ")
                    && l.contains("symbolic link")
                    && l.contains("not followed")
                    && l.contains("train/cat/link.png")
                    && l.contains("train/dog"));
  }

  @Test
  void scan_classFolders_splitsEachClassAtTheFractionsDeterministically() throws Exception {
    Path data = tmp.resolve("data");
    for (int i = 0; i < 20; i++) {
      write(data, "cat/" + i + ".png", "cat" + i);
      write(data, "dog/" + i + ".png", "dog" + i);
    }

    Manifest m = scan(data).manifest();

    assertThat(m.layout()).isEqualTo(Layout.CLASS_FOLDERS);
    assertThat(m.splitPolicy()).isEqualTo(SplitPolicy.DEFAULT);
    assertThat(m.counts())
        .isEqualTo(
            Map.of(
                "train", Map.of("cat", 16, "dog", 16),
                "val", Map.of("cat", 2, "dog", 2),
                "test", Map.of("cat", 2, "dog", 2)));
    Manifest again = Manifest.fromJson(m.toCanonicalJson());
    assertThat(again).isEqualTo(m);
    Manifest otherSeed =
        scanner.scan(new ScanConfig(data, new SplitPolicy(0.8, 0.1, 0.1, 7), null)).manifest();
    assertThat(otherSeed.entries()).isNotEqualTo(m.entries());
  }

  @Test
  void scan_missingDirectory_failsNamingItAndTheSetting() {
    Path missing = tmp.resolve("nope");
    assertThatThrownBy(() -> scan(missing))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("set dataDirectory")
        .extracting(e -> ((InvalidInputException) e).remedy())
        .isEqualTo(Remedy.setting("dataDirectory"));
  }

  @Test
  void scan_mixedLayout_failsNamingTheFolders() throws Exception {
    Path data = tmp.resolve("data");
    write(data, "train/cat/1.png", "1");
    write(data, "dog/2.png", "2");

    assertThatThrownBy(() -> scan(data))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("[train]")
        .hasMessageContaining("[dog]");
  }

  @Test
  void scan_noImages_failsSayingWhatToPutThere() throws Exception {
    Path data = tmp.resolve("data");
    write(data, "train/cat/readme.txt", "x");

    assertThatThrownBy(() -> scan(data))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no images found");
  }

  @Test
  void manifest_canonicalJson_isStableAndRoundTrips() throws Exception {
    Manifest m =
        new Manifest(
            Layout.SPLIT_FOLDERS,
            null,
            List.of(new ManifestEntry("train/a/1.png", Split.TRAIN, "a", "ab".repeat(32), 3)));

    assertThat(new String(m.toCanonicalJson()))
        .isEqualTo(
            "{\"entries\":[{\"label\":\"a\",\"path\":\"train/a/1.png\",\"sha256\":\""
                + "ab".repeat(32)
                + "\",\"size\":3,\"split\":\"train\"}],\"format\":1,\"layout\":\"split-folders\"}");
    assertThat(Manifest.fromJson(m.toCanonicalJson())).isEqualTo(m);
  }
}
