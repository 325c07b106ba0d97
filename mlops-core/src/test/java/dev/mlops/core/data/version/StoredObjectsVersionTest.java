package dev.mlops.core.data.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.data.Manifest;
import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.store.MissingObjectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A manifest whose files someone else stored (a distributed scan) is versioned without copying. */
class StoredObjectsVersionTest {
  @TempDir Path tmp;
  private DatasetFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new DatasetFixture(tmp);
    f.write("train/cat/a.png", "cat-a").write("train/dog/b.png", "dog-b");
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void ofStored_objectsInTheStore_commitsTheSameVersionAsALocalRun() throws Exception {
    Manifest manifest = f.scan();
    for (ManifestEntry e : manifest.entries()) {
      f.store.put(f.data.resolve(e.path()));
    }

    VersionResult stored =
        f.versions.version(
            VersionRequest.ofStored("cats", manifest, Optional.empty(), false, null));
    VersionResult local = f.version("cats");

    assertThat(stored.created()).isTrue();
    assertThat(stored.card().manifestId()).isEqualTo(manifest.id());
    assertThat(local.created()).isFalse();
    assertThat(local.card()).isEqualTo(stored.card());
  }

  @Test
  void ofStored_objectMissingOrOfAnotherSize_failsNamingTheFileBeforeCommitting() throws Exception {
    Manifest manifest = f.scan();
    f.store.put(f.data.resolve("train/cat/a.png"));

    assertThatThrownBy(
            () ->
                f.versions.version(
                    VersionRequest.ofStored("cats", manifest, Optional.empty(), false, null)))
        .isInstanceOf(MissingObjectException.class)
        .hasMessageContaining("train/dog/b.png")
        .hasMessageContaining("does not hold it");
    String sha = manifest.entries().get(1).sha256();
    Files.createDirectories(f.store.objectPath(sha).getParent());
    Files.writeString(f.store.objectPath(sha), "other length");
    assertThatThrownBy(
            () ->
                f.versions.version(
                    VersionRequest.ofStored("cats", manifest, Optional.empty(), false, null)))
        .isInstanceOf(MissingObjectException.class)
        .hasMessageContaining("holds 12 bytes under that hash");
    assertThat(f.versions.list("cats")).isEmpty();
  }
}
