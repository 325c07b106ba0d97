package dev.mlops.core.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.MlopsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryTagsTest {
  @TempDir Path tmp;

  @Test
  void createTag_newName_writesAnnotatedTagOnCommit() throws Exception {
    Path project = TestRepos.initProject(tmp.resolve("p"));
    try (RegistryRepository registry = RegistryRepository.open(project)) {
      String head = registry.headCommit().orElseThrow();
      registry.createTag("dataset/cats/v1", head, "dataset cats v1");

      assertThat(registry.tagTarget("dataset/cats/v1")).contains(head);
      try (Git git = Git.open(project.toFile());
          RevWalk walk = new RevWalk(git.getRepository())) {
        ObjectId ref = git.getRepository().resolve(Constants.R_TAGS + "dataset/cats/v1");
        RevTag tag = walk.parseTag(ref);
        assertThat(tag.getObject().name()).isEqualTo(head);
        assertThat(tag.getFullMessage()).isEqualTo("dataset cats v1\n");
        assertThat(tag.getTaggerIdent().getName()).isEqualTo("Ada Tester");
      }
    }
  }

  @Test
  void createTag_existingOnSameCommit_isNoOp() throws Exception {
    try (RegistryRepository registry = RegistryRepository.open(TestRepos.initProject(tmp))) {
      String head = registry.headCommit().orElseThrow();
      registry.createTag("model/m/v1", head, "first");
      ObjectId before = tagObject(registry, "model/m/v1");

      registry.createTag("model/m/v1", head, "second");

      assertThat(tagObject(registry, "model/m/v1")).isEqualTo(before);
    }
  }

  @Test
  void createTag_existingOnOtherCommit_throwsNamingBoth() throws Exception {
    Path project = TestRepos.initProject(tmp);
    try (RegistryRepository registry = RegistryRepository.open(project)) {
      String first = registry.headCommit().orElseThrow();
      String second = commitFile(project, "b.txt");
      registry.createTag("dataset/cats/v1", first, "v1");

      assertThatThrownBy(() -> registry.createTag("dataset/cats/v1", second, "v1"))
          .isInstanceOf(MlopsException.class)
          .hasMessageContaining(first)
          .hasMessageContaining(second)
          .hasMessageContaining("git tag -d dataset/cats/v1");
      assertThat(registry.tagTarget("dataset/cats/v1")).contains(first);
    }
  }

  @Test
  void createTag_racingCreators_oneTagAndLosersWithOtherTargetFail() throws Exception {
    Path project = TestRepos.initProject(tmp);
    try (RegistryRepository registry = RegistryRepository.open(project)) {
      String a = registry.headCommit().orElseThrow();
      String b = commitFile(project, "b.txt");
      int threads = 8;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<String>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String target = t % 2 == 0 ? a : b;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  try {
                    registry.createTag("dataset/race/v1", target, "race");
                    return target;
                  } catch (MlopsException e) {
                    return "failed";
                  }
                }));
      }
      start.countDown();
      List<String> outcomes = new ArrayList<>();
      for (Future<String> f : results) {
        outcomes.add(f.get(30, TimeUnit.SECONDS));
      }
      pool.shutdown();

      String winner = registry.tagTarget("dataset/race/v1").orElseThrow();
      assertThat(outcomes).filteredOn(winner::equals).hasSize(threads / 2);
      assertThat(outcomes).filteredOn("failed"::equals).hasSize(threads / 2);
    }
  }

  @Test
  void tags_prefix_listsMatchingNamesSorted() throws Exception {
    try (RegistryRepository registry = RegistryRepository.open(TestRepos.initProject(tmp))) {
      String head = registry.headCommit().orElseThrow();
      for (String name : List.of("dataset/dogs/v1", "dataset/cats/v2", "dataset/cats/v1", "x")) {
        registry.createTag(name, head, name);
      }

      assertThat(registry.tags("dataset/cats/"))
          .containsExactly("dataset/cats/v1", "dataset/cats/v2");
      assertThat(registry.tags("dataset/")).hasSize(3);
      assertThat(registry.tags("model/")).isEmpty();
      assertThat(registry.tagTarget("dataset/none/v1")).isEmpty();
    }
  }

  private static ObjectId tagObject(RegistryRepository registry, String name) throws Exception {
    try (Git git = Git.open(registry.directory().toFile())) {
      return git.getRepository().resolve(Constants.R_TAGS + name);
    }
  }

  private static String commitFile(Path project, String name) throws Exception {
    Files.writeString(project.resolve(name), name);
    try (Git git = Git.open(project.toFile())) {
      git.add().addFilepattern(name).call();
      RevCommit commit = git.commit().setMessage("add " + name).call();
      return commit.name();
    }
  }
}
