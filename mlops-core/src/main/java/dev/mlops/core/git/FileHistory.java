package dev.mlops.core.git;

import dev.mlops.core.MlopsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Every content one file of the registry branch has had, as {@code git log -- <path>} lists the
 * commits that changed it: a name that is gone from the head (an alias removed by hand, say) is
 * still found in the history.
 */
final class FileHistory {
  private FileHistory() {}

  /** The contents of {@code path} in the commits that changed it, newest first. */
  static List<byte[]> of(Repository repo, ObjectId head, String path) throws MlopsException {
    String clean = RegistryPaths.file(path);
    List<byte[]> versions = new ArrayList<>();
    if (head == null) {
      return versions;
    }
    try (ObjectReader reader = repo.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      walk.markStart(walk.parseCommit(head));
      // Only commits that changed the path: the walk skips the rest without reading their trees.
      walk.setTreeFilter(AndTreeFilter.create(PathFilter.create(clean), TreeFilter.ANY_DIFF));
      for (RevCommit commit : walk) {
        try (TreeWalk tree = TreeWalk.forPath(reader, clean, commit.getTree())) {
          if (tree != null && (tree.getRawMode(0) & FileMode.TYPE_MASK) == FileMode.TYPE_FILE) {
            versions.add(reader.open(tree.getObjectId(0), Constants.OBJ_BLOB).getBytes(1 << 30));
          }
        }
      }
      return versions;
    } catch (IOException e) {
      throw new MlopsException(
          "cannot read the history of " + clean + " on the registry branch at " + head.name(), e);
    }
  }
}
