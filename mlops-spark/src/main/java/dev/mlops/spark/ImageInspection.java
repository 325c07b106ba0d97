package dev.mlops.spark;

import dev.mlops.core.data.ManifestEntry;
import dev.mlops.core.data.Split;
import dev.mlops.core.data.validate.ImageInfo;
import dev.mlops.core.data.validate.ImageInspector;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.util.DoubleAccumulator;

/**
 * The per-image half of validation, on executors: each task inspects its images with the core's
 * {@link ImageInspector} (header, pixel-bomb check, decode, perceptual hash), one {@link ImageInfo}
 * per file. The core's records are not {@link Serializable}, so they travel as the rows below.
 */
final class ImageInspection
    implements FlatMapFunction<Iterator<ImageInspection.Entry>, ImageInspection.Inspected> {
  private static final long serialVersionUID = 1L;

  private final String dataDirectory;
  private final long maxPixels;
  private final DoubleAccumulator decodeSeconds;

  /**
   * @param dataDirectory the data directory as every executor sees it (a local or shared file
   *     system path)
   * @param decodeSeconds receives each task's decoding and hashing time
   */
  ImageInspection(String dataDirectory, long maxPixels, DoubleAccumulator decodeSeconds) {
    this.dataDirectory = dataDirectory;
    this.maxPixels = maxPixels;
    this.decodeSeconds = decodeSeconds;
  }

  @Override
  public Iterator<Inspected> call(Iterator<Entry> entries) {
    ImageInspector inspector = new ImageInspector(maxPixels);
    Path directory = Path.of(dataDirectory);
    List<Inspected> out = new ArrayList<>();
    while (entries.hasNext()) {
      Entry entry = entries.next();
      try {
        out.add(Inspected.of(entry.index(), inspector.inspect(directory, entry.toManifestEntry())));
      } catch (IOException e) {
        // The file cannot be opened at all: the job fails, as the local run does.
        throw new UncheckedIOException(e.getMessage(), e);
      }
    }
    decodeSeconds.add(inspector.decodeSeconds());
    return out.iterator();
  }

  /** A manifest entry with its index in the manifest. */
  record Entry(int index, String path, Split split, String label, String sha256, long size)
      implements Serializable {
    static Entry of(int index, ManifestEntry e) {
      return new Entry(index, e.path(), e.split(), e.label(), e.sha256(), e.size());
    }

    ManifestEntry toManifestEntry() {
      return new ManifestEntry(path, split, label, sha256, size);
    }
  }

  /** An {@link ImageInfo} as a serializable row; the entry is the manifest's, by index. */
  record Inspected(
      int index,
      String path,
      int split,
      String sha256,
      String format,
      int width,
      int height,
      int channels,
      long perceptualHash,
      boolean hashed,
      String decodeError,
      boolean oversized)
      implements Serializable {
    static Inspected of(int index, ImageInfo i) {
      return new Inspected(
          index,
          i.path(),
          i.entry().split().ordinal(),
          i.entry().sha256(),
          i.format(),
          i.width(),
          i.height(),
          i.channels(),
          i.perceptualHash(),
          i.hashed(),
          i.decodeError(),
          i.oversized());
    }

    /** The {@link ImageInfo} again, for {@code entry} (the manifest's entry at {@link #index}). */
    ImageInfo toImageInfo(ManifestEntry entry) {
      return new ImageInfo(
          entry, format, width, height, channels, perceptualHash, hashed, decodeError, oversized);
    }
  }
}
