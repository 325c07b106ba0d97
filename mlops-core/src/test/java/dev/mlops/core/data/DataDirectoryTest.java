package dev.mlops.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.data.DataDirectory.DataFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {
  @TempDir Path tmp;

  private void write(Path dir, String relative, int size) throws Exception {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[size]);
  }

  @Test
  void list_manyFolders_findsEveryVisibleFileAndLinkOnceWithItsSize() throws Exception {
    Path data = tmp.resolve("data");
    for (int c = 0; c < 6; c++) {
      for (int i = 0; i < 5; i++) {
        write(data, "class" + c + "/sub/" + i + ".png", c * 10 + i);
      }
      write(data, "class" + c + "/.hidden/x.png", 1);
      write(data, "class" + c + "/.hidden.png", 1);
    }
    write(data, "top.png", 7);
    write(data, ".git/config", 3);
    Files.createDirectories(tmp.resolve("elsewhere"));
    Files.createSymbolicLink(data.resolve("linked-folder"), tmp.resolve("elsewhere"));
    Files.createSymbolicLink(data.resolve("class2/sub/link.png"), Path.of("0.png"));

    DataDirectory.Listing listing = DataDirectory.list(data);

    assertThat(listing.files()).hasSize(31);
    assertThat(listing.files().stream().map(DataFile::path))
        .doesNotHaveDuplicates()
        .contains("top.png", "class0/sub/0.png", "class5/sub/4.png")
        .noneMatch(p -> p.contains("/.") || p.startsWith("."));
    assertThat(listing.files())
        .filteredOn(f -> f.path().equals("class3/sub/4.png"))
        .singleElement()
        .extracting(DataFile::size)
        .isEqualTo(34L);
    assertThat(listing.symbolicLinks()).isEqualTo(List.of("class2/sub/link.png", "linked-folder"));
  }

  @Test
  void list_oneFolder_andMissingDirectory() throws Exception {
    Path data = tmp.resolve("data");
    write(data, "only/a.png", 1);
    assertThat(DataDirectory.list(data).files())
        .extracting(DataFile::path)
        .containsExactly("only/a.png");

    assertThatThrownBy(() -> DataDirectory.list(tmp.resolve("absent")))
        .isInstanceOf(NoSuchFileException.class);
  }
}
