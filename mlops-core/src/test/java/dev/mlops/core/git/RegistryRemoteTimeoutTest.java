package dev.mlops.core.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.MlopsException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A remote that accepts the connection and never answers ends the fetch instead of hanging it. */
class RegistryRemoteTimeoutTest {
  @TempDir Path tmp;

  @Test
  void fetch_silentRemote_failsAfterTheTimeoutNamingTheRemote() throws Exception {
    Path project = TestRepos.initProject(tmp.resolve("project"));
    List<Socket> accepted = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        RegistryRepository registry = RegistryRepository.open(project)) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(silent.accept()); // held open, never written to
                  }
                } catch (java.io.IOException closed) {
                  // The test is over.
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      // HTTP: JGit bounds it by the connection's read timeout. (Its git:// transport relies on
      // interrupting a blocking socket read, which Java 17's socket implementation ignores.)
      String url = "http://127.0.0.1:" + silent.getLocalPort() + "/registry.git";
      long start = System.nanoTime();

      assertThatThrownBy(() -> new RegistryRemote(registry, 1).fetch(url))
          .isInstanceOf(MlopsException.class)
          .hasMessageContaining("cannot fetch the registry from remote '" + url + "'");
      assertThat((System.nanoTime() - start) / 1e9).isLessThan(30);
      assertThat(accepted).isNotEmpty();
    } finally {
      for (Socket s : accepted) {
        s.close();
      }
    }
  }
}
