package dev.mlops.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole-file-system flush the batch writes use, and the fsync fallback: a real {@code sync
 * --file-system} on this (Linux) machine, so the batch path under test is the fast one.
 */
class FileSystemSyncTest {
  @TempDir Path dir;

  @Test
  void sync_existingFolders_flushesTheirFileSystems() throws Exception {
    Path a = Files.createDirectories(dir.resolve("a"));
    Path b = Files.createDirectories(dir.resolve("b"));
    Files.writeString(a.resolve("x"), "x");

    assertThat(FileSystemSync.sync(List.of(a, b))).isTrue();
  }

  @Test
  void sync_fewFiles_leavesThemToPerFileFsyncs() throws Exception {
    Path a = Files.createDirectories(dir.resolve("a"));

    assertThat(FileSystemSync.sync(FileSystemSync.MIN_FILES - 1, List.of(a))).isFalse();
    assertThat(FileSystemSync.sync(FileSystemSync.MIN_FILES, List.of(a))).isTrue();
  }

  @Test
  void sync_missingFolder_returnsFalseSoTheCallerFsyncsItself() {
    assertThat(FileSystemSync.sync(List.of(dir.resolve("missing")))).isFalse();
    assertThat(FileSystemSync.sync(List.of())).isFalse();
  }

  @Test
  void fallback_fsyncsEachFileAndFolder() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("f"));
    List<Path> files = List.of(folder.resolve("1"), folder.resolve("2"));
    for (Path f : files) {
      Files.writeString(f, f.getFileName().toString());
    }

    FileSystemSync.eachFile(files.size(), files::get);
    FileSystemSync.eachFolder(Set.of(folder));

    assertThat(Files.readString(files.get(1))).isEqualTo("2");
  }
}
