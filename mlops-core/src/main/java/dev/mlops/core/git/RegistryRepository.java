package dev.mlops.core.git;

import dev.mlops.core.InvalidInputException;
import dev.mlops.core.MlopsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.NoWorkTreeException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The Git repository of a project and its registry: the orphan branch {@code mlops-registry} that
 * holds dataset and model cards, plus the version tags. The branch is written with JGit's object
 * inserter only, never through the working tree or the index, and its ref moves by compare-and-swap
 * so concurrent writers (threads or processes) never lose each other's commits.
 */
public final class RegistryRepository implements AutoCloseable {
  /** The short name of the registry branch. */
  public static final String BRANCH = "mlops-registry";

  static final String BRANCH_REF = Constants.R_HEADS + BRANCH;

  private final Repository repo;
  private final String userName;
  private final String userEmail;

  private RegistryRepository(Repository repo) {
    this.repo = repo;
    String name = repo.getConfig().getString("user", null, "name");
    String email = repo.getConfig().getString("user", null, "email");
    String system = System.getProperty("user.name", "mlops");
    this.userName = name == null || name.isBlank() ? system : name;
    this.userEmail = email == null || email.isBlank() ? system + "@localhost" : email;
  }

  /**
   * Opens the Git repository that contains {@code projectDir}, looking in it and its parents as
   * {@code git rev-parse} does.
   *
   * @throws InvalidInputException when the directory is not inside a Git repository
   */
  public static RegistryRepository open(Path projectDir) throws MlopsException {
    Path dir = projectDir.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new InvalidInputException(
          dir + " is not a directory; give the project directory", dir.toString());
    }
    FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(dir.toFile());
    if (builder.getGitDir() == null) {
      throw new InvalidInputException(
          dir + " is not inside a Git repository; run `git init` and commit your project first",
          dir.toString());
    }
    try {
      return new RegistryRepository(builder.setMustExist(true).build());
    } catch (IOException e) {
      throw new MlopsException(
          "cannot open the Git repository at " + builder.getGitDir() + ": " + e.getMessage(), e);
    }
  }

  /** The identity written into registry commits and tags: {@code Name <email>}. */
  public String actor() {
    return userName + " <" + userEmail + ">";
  }

  /** The repository's working tree, or its Git directory when it is bare. */
  public Path directory() {
    return (repo.isBare() ? repo.getDirectory() : repo.getWorkTree()).toPath();
  }

  /** The file at {@code path} on the registry branch head; empty if absent or no branch yet. */
  public Optional<byte[]> read(String path) throws MlopsException {
    try (TreeSnapshot snapshot = snapshot()) {
      return snapshot.read(path);
    }
  }

  /** The sorted names of the direct children of {@code dirPrefix} on the registry branch head. */
  public List<String> list(String dirPrefix) throws MlopsException {
    try (TreeSnapshot snapshot = snapshot()) {
      return snapshot.list(dirPrefix);
    }
  }

  /** Runs {@code query} on one snapshot of the registry branch head. */
  public <T> T query(RegistryQuery<T> query) throws MlopsException {
    try (TreeSnapshot snapshot = snapshot()) {
      return query.apply(snapshot);
    }
  }

  /**
   * Every content the file at {@code path} has had on the registry branch, newest first (the
   * commits {@code git log mlops-registry -- <path>} lists); empty if it never existed.
   */
  public List<byte[]> history(String path) throws MlopsException {
    return FileHistory.of(repo, branchHead(), path);
  }

  /** The registry branch head commit, if the branch exists. */
  public Optional<String> registryHead() throws MlopsException {
    return Optional.ofNullable(branchHead()).map(ObjectId::name);
  }

  /**
   * Runs {@code change} on the registry branch head and commits the files it returns on top of it,
   * retrying from the new head when another writer moved the branch in between.
   */
  public CommitResult commit(String message, RegistryChange change) throws MlopsException {
    return commit(snapshot -> new RegistryEdit(message, change.apply(snapshot)));
  }

  /**
   * Like {@link #commit(String, RegistryChange)}, with a commit message chosen by {@code editor}
   * from the snapshot it runs on.
   */
  public CommitResult commit(RegistryEditor editor) throws MlopsException {
    requireRegistryNotCheckedOut();
    return new RegistryCommitter(this).commit(editor);
  }

  /** The commit the user's HEAD points at; empty when HEAD is unborn (nothing committed yet). */
  public Optional<String> headCommit() throws MlopsException {
    try {
      return Optional.ofNullable(repo.resolve(Constants.HEAD + "^{commit}")).map(ObjectId::name);
    } catch (IOException e) {
      throw new MlopsException("cannot resolve HEAD in " + repo.getDirectory(), e);
    }
  }

  /** Whether {@code commitId} names a commit present in this repository. */
  public boolean hasCommit(String commitId) throws MlopsException {
    try (RevWalk walk = new RevWalk(repo)) {
      walk.parseCommit(ObjectId.fromString(commitId));
      return true;
    } catch (MissingObjectException | IncorrectObjectTypeException | IllegalArgumentException e) {
      return false;
    } catch (IOException e) {
      throw new MlopsException("cannot read commit " + commitId + " in " + repo.getDirectory(), e);
    }
  }

  /** Whether tracked files have uncommitted changes (untracked files do not count). */
  public boolean isDirty() throws MlopsException {
    if (repo.isBare()) {
      return false;
    }
    try {
      return Git.wrap(repo).status().call().hasUncommittedChanges();
    } catch (GitAPIException | NoWorkTreeException e) {
      throw new MlopsException("cannot compute `git status` in " + repo.getWorkTree(), e);
    }
  }

  /**
   * Creates the annotated tag {@code tagName} on {@code targetCommitId}. A tag of that name on the
   * same commit is accepted as is (also when a concurrent writer created it).
   *
   * @throws MlopsException when the tag exists on another commit, or Git fails
   */
  public void createTag(String tagName, String targetCommitId, String message)
      throws MlopsException {
    new RegistryTags(this).create(tagName, targetCommitId, message);
  }

  /** The commit that tag {@code tagName} points at (peeled), if the tag exists. */
  public Optional<String> tagTarget(String tagName) throws MlopsException {
    return new RegistryTags(this).target(tagName);
  }

  /** The names (without {@code refs/tags/}) of the tags starting with {@code prefix}, sorted. */
  public List<String> tags(String prefix) throws MlopsException {
    return new RegistryTags(this).list(prefix);
  }

  /**
   * Fetches the registry branch and the {@code dataset/*} and {@code model/*} tags from {@code
   * remote} (a configured remote name such as {@code origin}, or a URL), and fast-forwards the
   * local registry branch when the remote is ahead.
   *
   * @throws MlopsException when the local and remote registry branches diverged, a fetched tag
   *     conflicts with a local one, or the transport fails
   */
  public void fetch(String remote) throws MlopsException {
    new RegistryRemote(this).fetch(remote);
  }

  /** Whether the repository has a configured remote called {@code name} (such as origin). */
  public boolean hasRemote(String name) {
    return repo.getConfig().getSubsections("remote").contains(name);
  }

  /**
   * Pushes the registry branch (never forced) and the given tags to {@code remote}.
   *
   * @throws RegistryPushRejectedException when the remote branch moved; fetch and redo the change
   * @throws MlopsException when a tag exists on the remote with another target, or transport fails
   */
  public void push(String remote, List<String> tagNames) throws MlopsException {
    new RemotePush(this).push(remote, true, tagNames);
  }

  /**
   * Pushes only the given tags to {@code remote}: after the branch was accepted, another writer may
   * already have moved the remote branch again, which must not fail the tags.
   *
   * @throws MlopsException when a tag exists on the remote with another target, or transport fails
   */
  public void pushTags(String remote, List<String> tagNames) throws MlopsException {
    new RemotePush(this).push(remote, false, tagNames);
  }

  /**
   * Undoes an unpushed registry commit: when the branch head is {@code commitId}, moves the branch
   * back to its parent (compare-and-swap). Used to replace a commit the remote rejected.
   *
   * @return whether the branch was moved
   */
  public boolean dropLocalCommit(String commitId) throws MlopsException {
    requireRegistryNotCheckedOut();
    return new RegistryCommitter(this).dropHead(ObjectId.fromString(commitId));
  }

  @Override
  public void close() {
    repo.close();
  }

  Repository repository() {
    return repo;
  }

  PersonIdent ident() {
    return new PersonIdent(userName, userEmail);
  }

  TreeSnapshot snapshot() throws MlopsException {
    ObjectId head = branchHead();
    try {
      return TreeSnapshot.at(repo, head);
    } catch (IOException e) {
      throw new MlopsException("cannot read the registry branch at " + head.name(), e);
    }
  }

  ObjectId branchHead() throws MlopsException {
    try {
      Ref ref = repo.exactRef(BRANCH_REF);
      return ref == null ? null : ref.getObjectId();
    } catch (IOException e) {
      throw new MlopsException("cannot read " + BRANCH_REF + " in " + repo.getDirectory(), e);
    }
  }

  /** Moving a checked-out branch behind Git's back would make its working tree look modified. */
  void requireRegistryNotCheckedOut() throws MlopsException {
    try {
      if (BRANCH_REF.equals(repo.getFullBranch())) {
        throw new InvalidInputException(
            "the "
                + BRANCH
                + " branch is checked out in "
                + directory()
                + "; switch back to your project branch (git switch main) so it can be updated",
            BRANCH);
      }
    } catch (IOException e) {
      throw new MlopsException("cannot read HEAD in " + repo.getDirectory(), e);
    }
  }
}
