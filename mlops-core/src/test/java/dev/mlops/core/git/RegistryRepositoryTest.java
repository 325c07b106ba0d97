package dev.mlops.core.git;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryRepositoryTest {
  @TempDir Path tmp;

  @Test
  void open_directoryOutsideAnyRepository_throwsInvalidInputWithFix() {
    assertThatThrownBy(() -> RegistryRepository.open(tmp))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("is not inside a Git repository")
        .hasMessageContaining("git init");
  }

  @Test
  void open_subdirectoryOfProject_findsEnclosingRepository() throws Exception {
    Path project = TestRepos.initProject(tmp.resolve("p"));
    Path sub = Files.createDirectories(project.resolve("src/main"));
    try (RegistryRepository registry = RegistryRepository.open(sub)) {
      assertThat(registry.directory().toRealPath()).isEqualTo(project.toRealPath());
      assertThat(registry.actor()).isEqualTo("Ada Tester <ada@example.org>");
    }
  }

  @Test
  void read_noRegistryBranchYet_isEmpty() throws Exception {
    try (RegistryRepository registry = open()) {
      assertThat(registry.read("datasets/x/v1/card.json")).isEmpty();
      assertThat(registry.list("")).isEmpty();
      assertThat(registry.registryHead()).isEmpty();
    }
  }

  @Test
  void commit_nestedFiles_areReadAndListedFromBranchHead() throws Exception {
    try (RegistryRepository registry = open()) {
      CommitResult result =
          registry.commit(
              "add",
              s ->
                  Map.of(
                      "datasets/cats/v1/card.json", bytes("c1"),
                      "datasets/cats/v1/manifest.json", bytes("m1"),
                      "datasets/dogs/v1/card.json", bytes("d1")));

      assertThat(result.committed()).isTrue();
      assertThat(result.attempts()).isEqualTo(1);
      assertThat(registry.registryHead()).contains(result.head());
      assertThat(registry.read("datasets/cats/v1/manifest.json")).hasValue(bytes("m1"));
      assertThat(registry.read("datasets/cats/v1")).isEmpty();
      assertThat(registry.list("")).containsExactly("datasets");
      assertThat(registry.list("datasets/")).containsExactly("cats", "dogs");
      assertThat(registry.list("datasets/cats/v1")).containsExactly("card.json", "manifest.json");
      assertThat(registry.list("datasets/cats/v1/card.json")).isEmpty();
      assertThat(registry.list("models")).isEmpty();
    }
  }

  @Test
  void commit_firstTime_createsOrphanBranchWithoutTouchingIndexOrWorkTree() throws Exception {
    Path project = TestRepos.initProject(tmp.resolve("p"));
    Files.writeString(project.resolve("notes.txt"), "untracked\n");
    byte[] indexBefore = Files.readAllBytes(project.resolve(".git/index"));
    Map<String, String> filesBefore = workTreeFiles(project);
    String headBefore;
    try (RegistryRepository registry = RegistryRepository.open(project)) {
      headBefore = registry.headCommit().orElseThrow();
      registry.commit("add", s -> Map.of("datasets/cats/v1/card.json", bytes("c1")));
      assertThat(registry.headCommit()).contains(headBefore);
      assertThat(registry.isDirty()).isFalse();
    }

    assertThat(Files.readAllBytes(project.resolve(".git/index"))).isEqualTo(indexBefore);
    assertThat(workTreeFiles(project)).isEqualTo(filesBefore);
    try (Git git = Git.open(project.toFile())) {
      var status = git.status().call();
      assertThat(status.hasUncommittedChanges()).isFalse();
      assertThat(status.getUntracked()).containsExactly("notes.txt");
      assertThat(git.getRepository().getFullBranch()).isEqualTo("refs/heads/main");
    }
    List<RevCommit> history = TestRepos.registryHistory(project);
    assertThat(history).hasSize(1);
    assertThat(history.get(0).getParentCount()).isZero();
    assertThat(history.get(0).getAuthorIdent().getEmailAddress()).isEqualTo("ada@example.org");
  }

  @Test
  void commit_secondChange_keepsEarlierFilesAndHasOldHeadAsParent() throws Exception {
    try (RegistryRepository registry = open()) {
      String first = registry.commit("one", s -> Map.of("a/one", bytes("1"))).head();
      CommitResult second =
          registry.commit(
              "two",
              s -> {
                assertThat(s.commitId()).contains(first);
                assertThat(s.read("a/one")).hasValue(bytes("1"));
                return Map.of("a/two", bytes("2"), "a/one", bytes("1b"));
              });

      assertThat(registry.list("a")).containsExactly("one", "two");
      assertThat(registry.read("a/one")).hasValue(bytes("1b"));
      List<RevCommit> history = TestRepos.registryHistory(registry.directory());
      assertThat(history).extracting(RevCommit::name).containsExactly(second.head(), first);
    }
  }

  @Test
  void commit_emptyOrIdenticalChange_makesNoCommit() throws Exception {
    try (RegistryRepository registry = open()) {
      assertThat(registry.commit("none", s -> null).committed()).isFalse();
      assertThat(registry.registryHead()).isEmpty();
      String head = registry.commit("one", s -> Map.of("a", bytes("1"))).head();

      CommitResult empty = registry.commit("none", s -> Map.of());
      CommitResult same = registry.commit("same", s -> Map.of("a", bytes("1")));

      assertThat(empty.committed()).isFalse();
      assertThat(same.committed()).isFalse();
      assertThat(same.head()).isEqualTo(head);
      assertThat(registry.registryHead()).contains(head);
    }
  }

  @Test
  void commit_pathEscapingTheTree_isRejected() throws Exception {
    try (RegistryRepository registry = open()) {
      assertThatThrownBy(() -> registry.commit("bad", s -> Map.of("a/../b", bytes("x"))))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(registry.registryHead()).isEmpty();
    }
  }

  @Test
  void commit_registryBranchCheckedOut_refusesWithFix() throws Exception {
    Path project = TestRepos.initProject(tmp.resolve("p"));
    try (RegistryRepository registry = RegistryRepository.open(project)) {
      registry.commit("one", s -> Map.of("a", bytes("1")));
      try (Git git = Git.open(project.toFile())) {
        git.checkout().setName(RegistryRepository.BRANCH).call();
      }
      assertThatThrownBy(() -> registry.commit("two", s -> Map.of("b", bytes("2"))))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("git switch");
    }
  }

  @Test
  void headCommit_unbornHead_isEmpty() throws Exception {
    Git.init().setDirectory(tmp.toFile()).call().close();
    try (RegistryRepository registry = RegistryRepository.open(tmp)) {
      assertThat(registry.headCommit()).isEmpty();
    }
  }

  @Test
  void isDirty_modifiedTrackedFile_trueButUntrackedFileDoesNotCount() throws Exception {
    Path project = TestRepos.initProject(tmp.resolve("p"));
    try (RegistryRepository registry = RegistryRepository.open(project)) {
      Files.writeString(project.resolve("new.txt"), "untracked");
      assertThat(registry.isDirty()).isFalse();
      Files.writeString(project.resolve("pom.xml"), "<project>changed</project>");
      assertThat(registry.isDirty()).isTrue();
    }
  }

  private RegistryRepository open() throws Exception {
    return RegistryRepository.open(TestRepos.initProject(tmp.resolve("project")));
  }

  /** Every path outside .git with the content of regular files. */
  private static Map<String, String> workTreeFiles(Path project) throws Exception {
    Map<String, String> contents = new TreeMap<>();
    try (Stream<Path> files = Files.walk(project)) {
      for (Path f : files.filter(f -> !project.relativize(f).startsWith(".git")).toList()) {
        contents.put(
            project.relativize(f).toString(), Files.isRegularFile(f) ? Files.readString(f) : "/");
      }
    }
    return contents;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }
}
