package dev.mlops.core.export;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The machine a benchmark ran on, so numbers are never read without their context.
 *
 * @param cores processors available to the JVM
 * @param cpu the CPU model (from {@code /proc/cpuinfo}; null where there is none)
 * @param os operating system name, version and architecture
 * @param java the Java runtime's name and version
 * @param loadAverage the system's 1-minute load average when the record was made (-1 where the OS
 *     does not report it): other work competing for the cores makes the numbers slower and noisier
 */
public record MachineInfo(int cores, String cpu, String os, String java, double loadAverage) {
  private static final Path CPUINFO = Path.of("/proc/cpuinfo");

  /** This machine, now. */
  public static MachineInfo current() {
    return new MachineInfo(
        Runtime.getRuntime().availableProcessors(),
        cpuModel(),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " ("
            + System.getProperty("os.arch")
            + ")",
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static String cpuModel() {
    if (!Files.isReadable(CPUINFO)) {
      return null;
    }
    try (Stream<String> lines = Files.lines(CPUINFO, StandardCharsets.UTF_8)) {
      return lines
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).strip())
          .findFirst()
          .orElse(null);
    } catch (IOException | java.io.UncheckedIOException e) {
      // The CPU model only labels the numbers; a benchmark without it is still a benchmark.
      return null;
    }
  }
}
