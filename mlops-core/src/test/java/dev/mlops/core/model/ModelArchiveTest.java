package dev.mlops.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArchiveTest {
  @TempDir Path tmp;
  private Path model;
  private Path zip;

  @BeforeEach
  void setUp() throws Exception {
    model = Files.createDirectories(tmp.resolve("model"));
    for (String file : ModelArchive.FILES) {
      Files.writeString(model.resolve(file), "content of " + file);
    }
    Files.writeString(model.resolve("fingerprint"), "fp-1\n");
    Files.writeString(model.resolve("baseline.json"), "not archived");
    zip = tmp.resolve("out/model.zip");
  }

  @Test
  void write_modelDirectory_zipsItsFilesInOrderWithFixedTimes() throws Exception {
    assertThat(ModelArchive.write(model, zip)).isTrue();

    try (ZipFile archive = new ZipFile(zip.toFile())) {
      List<String> names = new ArrayList<>();
      for (ZipEntry entry : Collections.list(archive.entries())) {
        names.add(entry.getName());
        assertThat(entry.getTime()).isEqualTo(timeZero());
      }
      assertThat(names).isEqualTo(ModelArchive.FILES);
    }
  }

  @Test
  void write_sameModelAgain_keepsTheZip() throws Exception {
    ModelArchive.write(model, zip);
    byte[] first = Files.readAllBytes(zip);
    Files.setLastModifiedTime(zip, java.nio.file.attribute.FileTime.fromMillis(1_000));

    assertThat(ModelArchive.write(model, zip)).isFalse();

    assertThat(Files.readAllBytes(zip)).isEqualTo(first);
    assertThat(Files.getLastModifiedTime(zip).toMillis()).isEqualTo(1_000);
  }

  @Test
  void write_otherModelOrDamagedZip_writesItAgain() throws Exception {
    ModelArchive.write(model, zip);
    Files.writeString(model.resolve("fingerprint"), "fp-2\n");
    Files.writeString(model.resolve(ModelFiles.PARAMS), "other weights");

    assertThat(ModelArchive.write(model, zip)).isTrue();
    try (ZipFile archive = new ZipFile(zip.toFile())) {
      assertThat(new String(archive.getInputStream(archive.getEntry("params")).readAllBytes()))
          .isEqualTo("other weights");
    }

    Files.writeString(zip, "not a zip");
    assertThat(ModelArchive.write(model, zip)).isTrue();
    try (ZipFile archive = new ZipFile(zip.toFile())) {
      assertThat(archive.size()).isEqualTo(ModelArchive.FILES.size());
    }
  }

  @Test
  void write_sameFilesInTwoDirectories_giveTheSameBytes() throws Exception {
    Path copy = Files.createDirectories(tmp.resolve("copy"));
    for (String file : ModelArchive.FILES) {
      Files.copy(model.resolve(file), copy.resolve(file));
    }
    ModelArchive.write(model, zip);

    ModelArchive.write(copy, tmp.resolve("other.zip"));

    assertThat(Files.readAllBytes(tmp.resolve("other.zip"))).isEqualTo(Files.readAllBytes(zip));
  }

  /** What a zip entry reads back for a time set to 0 (DOS time has no epoch, so it is rounded). */
  private static long timeZero() {
    ZipEntry entry = new ZipEntry("x");
    entry.setTime(0L);
    return entry.getTime();
  }
}
