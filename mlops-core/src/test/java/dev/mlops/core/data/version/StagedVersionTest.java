package dev.mlops.core.data.version;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.Progress;
import dev.mlops.core.ProgressLog;
import dev.mlops.core.data.DatasetScanner;
import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.data.ScanConfig;
import dev.mlops.core.data.SplitPolicy;
import dev.mlops.core.store.StagedObjects;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A version whose scan copied the files into the store as it hashed them (version-data's way). */
class StagedVersionTest {
  @TempDir Path tmp;
  private final List<String> lines = new ArrayList<>();
  private DatasetFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new DatasetFixture(tmp, tmp.resolve("store"), ProgressLog.unprefixed(lines));
    for (int i = 0; i < 70; i++) {
      f.write("train/" + (i % 2 == 0 ? "cat" : "dog") + "/" + i + ".png", "image-" + i);
    }
    f.write("test/cat/copy.png", "image-0"); // content equal to train/cat/0.png
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private VersionResult stagedVersion() throws Exception {
    try (StagedObjects staged = f.store.stage()) {
      Manifest manifest =
          new DatasetScanner(Progress.NONE)
              .scan(new ScanConfig(f.data, SplitPolicy.DEFAULT, tmp.resolve("hash-cache")), staged)
              .manifest();
      return f.versions.version(
          new VersionRequest("pets", manifest, f.data, Optional.empty(), false).withStaged(staged));
    }
  }

  @Test
  void version_staged_equalsTheUnstagedVersionAndStoresEveryObjectOnce() throws Exception {
    Manifest plain = f.scan();

    VersionResult result = stagedVersion();

    assertThat(result.created()).isTrue();
    assertThat(result.card().manifestId()).isEqualTo(plain.id());
    for (ManifestEntry e : plain.entries()) {
      f.store.verify(e.sha256());
    }
    assertThat(lines)
        .anyMatch(l -> l.startsWith("Stored 70 new files") && l.endsWith("1 were already there"));
    assertThat(f.store.root().resolve("tmp")).isEmptyDirectory();
  }

  @Test
  void version_stagedAgainAfterOneNewFile_storesOnlyThatFile() throws Exception {
    stagedVersion();
    f.write("test/dog/new.png", "image-new");
    lines.clear();

    VersionResult second = stagedVersion();

    assertThat(second.card().version()).isEqualTo(2);
    assertThat(lines)
        .anyMatch(l -> l.startsWith("Stored 1 new files") && l.endsWith("71 were already there"));
    f.store.verify(
        f.scan().entries().stream()
            .filter(e -> e.path().endsWith("new.png"))
            .findFirst()
            .orElseThrow()
            .sha256());
    assertThat(f.store.root().resolve("tmp")).isEmptyDirectory();
  }
}
