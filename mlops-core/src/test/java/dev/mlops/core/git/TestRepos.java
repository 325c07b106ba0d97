package dev.mlops.core.git;

import dev.mlops.core.MlopsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;

/** Real Git repositories for tests, and a version allocator that writes through the registry. */
public final class TestRepos {
  private TestRepos() {}

  /** A non-bare repository at {@code dir} with one committed file, and a configured user. */
  public static Path initProject(Path dir) throws IOException, GitAPIException {
    Files.createDirectories(dir);
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      StoredConfig config = git.getRepository().getConfig();
      config.setString("user", null, "name", "Ada Tester");
      config.setString("user", null, "email", "ada@example.org");
      config.save();
      // The directory name makes the first commit differ between projects made in one second.
      Files.writeString(
          dir.resolve("pom.xml"), "<project><!-- " + dir.getFileName() + " --></project>\n");
      git.add().addFilepattern("pom.xml").call();
      git.commit().setMessage("initial").call();
    }
    return dir;
  }

  /** A bare repository at {@code dir}, set as remote {@code origin} of {@code project}. */
  public static Path initBareOrigin(Path dir, Path project) throws Exception {
    try (Git git =
        Git.init().setBare(true).setInitialBranch("main").setDirectory(dir.toFile()).call()) {
      // In-process receive-pack would start a background auto-gc that outlives the test's dir.
      StoredConfig config = git.getRepository().getConfig();
      config.setBoolean("receive", null, "autogc", false);
      config.save();
    }
    addOrigin(project, dir);
    return dir;
  }

  public static void addOrigin(Path project, Path bare) throws Exception {
    try (Git git = Git.open(project.toFile())) {
      git.remoteAdd()
          .setName("origin")
          .setUri(new org.eclipse.jgit.transport.URIish(bare.toUri().toString()))
          .call();
    }
  }

  /** Commits "versions/v(max+1)" with {@code content}; returns the allocated number. */
  public static int allocateNext(RegistryRepository registry, String content)
      throws MlopsException {
    return allocate(registry, content)[0];
  }

  /** Like {@link #allocateNext}; returns the allocated number and the attempts it took. */
  public static int[] allocate(RegistryRepository registry, String content) throws MlopsException {
    int[] allocated = new int[1];
    CommitResult result =
        registry.commit(
            "allocate next version",
            snapshot -> {
              int next = maxVersion(snapshot.list("versions")) + 1;
              allocated[0] = next;
              return Map.of("versions/v" + next, content.getBytes(StandardCharsets.UTF_8));
            });
    return new int[] {allocated[0], result.attempts()};
  }

  public static int maxVersion(List<String> names) {
    return names.stream().mapToInt(n -> Integer.parseInt(n.substring(1))).max().orElse(0);
  }

  /** The registry branch history, newest first. */
  public static List<RevCommit> registryHistory(Path project) throws Exception {
    List<RevCommit> commits = new ArrayList<>();
    try (Git git = Git.open(project.toFile())) {
      git.log()
          .add(git.getRepository().resolve(RegistryRepository.BRANCH_REF))
          .call()
          .forEach(commits::add);
    }
    return commits;
  }
}
