package dev.mlops.core.git;

import dev.mlops.core.MlopsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/** The registry branch's tree at one commit, read through one {@link ObjectReader}. */
final class TreeSnapshot implements RegistrySnapshot, AutoCloseable {
  private final ObjectReader reader;
  private final ObjectId commit;
  private final RevTree tree;

  private TreeSnapshot(ObjectReader reader, ObjectId commit, RevTree tree) {
    this.reader = reader;
    this.commit = commit;
    this.tree = tree;
  }

  /** Opens the tree of {@code commit}; a null commit gives an empty snapshot. */
  static TreeSnapshot at(Repository repo, ObjectId commit) throws IOException {
    ObjectReader reader = repo.newObjectReader();
    if (commit == null) {
      return new TreeSnapshot(reader, null, null);
    }
    try (RevWalk walk = new RevWalk(reader)) {
      RevCommit parsed = walk.parseCommit(commit);
      return new TreeSnapshot(reader, commit.copy(), parsed.getTree());
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  ObjectReader reader() {
    return reader;
  }

  /** The tree, or null when the branch did not exist. */
  RevTree tree() {
    return tree;
  }

  ObjectId commit() {
    return commit;
  }

  @Override
  public Optional<String> commitId() {
    return Optional.ofNullable(commit).map(ObjectId::name);
  }

  @Override
  public Optional<byte[]> read(String path) throws MlopsException {
    String clean = RegistryPaths.file(path);
    if (tree == null) {
      return Optional.empty();
    }
    try (TreeWalk walk = TreeWalk.forPath(reader, clean, tree)) {
      if (walk == null || (walk.getRawMode(0) & FileMode.TYPE_MASK) != FileMode.TYPE_FILE) {
        return Optional.empty();
      }
      return Optional.of(reader.open(walk.getObjectId(0), Constants.OBJ_BLOB).getBytes(1 << 30));
    } catch (IOException e) {
      throw new MlopsException(
          "cannot read " + clean + " from the registry branch at " + commit.name(), e);
    }
  }

  @Override
  public List<String> list(String dirPrefix) throws MlopsException {
    String clean = RegistryPaths.directory(dirPrefix);
    if (tree == null) {
      return List.of();
    }
    try {
      ObjectId dir = tree;
      if (!clean.isEmpty()) {
        try (TreeWalk walk = TreeWalk.forPath(reader, clean, tree)) {
          if (walk == null || walk.getFileMode(0) != FileMode.TREE) {
            return List.of();
          }
          dir = walk.getObjectId(0);
        }
      }
      List<String> names = new ArrayList<>();
      try (TreeWalk walk = new TreeWalk(reader)) {
        walk.addTree(dir);
        walk.setRecursive(false);
        while (walk.next()) {
          names.add(walk.getNameString());
        }
      }
      Collections.sort(names);
      return List.copyOf(names);
    } catch (IOException e) {
      throw new MlopsException(
          "cannot list " + clean + "/ on the registry branch at " + commit.name(), e);
    }
  }

  @Override
  public void close() {
    reader.close();
  }
}
