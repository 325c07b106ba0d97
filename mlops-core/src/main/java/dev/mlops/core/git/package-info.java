/**
 * Everything that touches Git: the orphan registry branch {@code mlops-registry}, version tags, and
 * fetch/push of both. JGit types stay inside this package; the public API uses JDK types and our
 * own records.
 */
package dev.mlops.core.git;
