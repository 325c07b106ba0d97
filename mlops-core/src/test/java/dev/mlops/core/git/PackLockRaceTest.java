package dev.mlops.core.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.MessageFormat;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.internal.JGitText;
import org.junit.jupiter.api.Test;

/**
 * Which fetch failures are another fetch of the same clone writing the same pack (retried), told
 * apart by JGit's own messages. The race itself is in {@code RegistryPushTest}; it shows each form
 * only now and then.
 */
class PackLockRaceTest {
  private static TransportException jgit(String text, String argument) {
    return new TransportException(
        "wrapped", new java.io.IOException(MessageFormat.format(text, argument)));
  }

  @Test
  void lockTakenOrLockGone_areTheRace_otherFailuresAreNot() {
    String keep = "/r/.git/objects/pack/pack-cf75.keep";
    assertThat(RegistryRemote.isPackLockRace(jgit(JGitText.get().cannotLockPackIn, keep))).isTrue();
    assertThat(RegistryRemote.isPackLockRace(jgit(JGitText.get().deleteFileFailed, keep))).isTrue();
    assertThat(
            RegistryRemote.isPackLockRace(
                jgit(JGitText.get().deleteFileFailed, "/r/.git/objects/pack/pack-cf75.pack")))
        .isFalse();
    assertThat(RegistryRemote.isPackLockRace(new TransportException("Connection refused")))
        .isFalse();
  }
}
