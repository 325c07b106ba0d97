package dev.mlops.benchmarks;

import java.nio.file.Path;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Decoding and resizing with OpenCV (org.openpnp:opencv, natives bundled in the jar), ending with
 * the RGB pixels in a Java {@code byte[]} as the training pipeline needs them. Only this class
 * touches OpenCV types, so the benchmark runs without it when the natives cannot load.
 */
final class OpenCvDecoding {
  private OpenCvDecoding() {}

  /** Loads the natives; returns the OpenCV version, or throws why it cannot. */
  static String load() {
    nu.pattern.OpenCV.loadLocally();
    // One thread inside OpenCV: rows compare per-thread cost; parallel rows use Java threads.
    Core.setNumThreads(1);
    return Core.VERSION;
  }

  /** Decodes only; returns the pixel count so the work cannot be optimised away. */
  static long decode(Path file) {
    Mat image = Imgcodecs.imread(file.toString(), Imgcodecs.IMREAD_COLOR);
    try {
      if (image.empty()) {
        throw new IllegalStateException("OpenCV cannot decode " + file);
      }
      return image.total();
    } finally {
      image.release();
    }
  }

  /**
   * Decodes, resizes to {@code size x size} with {@code interpolation}, converts BGR to RGB and
   * copies the pixels out (HWC). {@code reduced} decodes JPEGs at half resolution (DCT scaling).
   */
  static byte[] resize(Path file, int size, int interpolation, boolean reduced) {
    int flags = reduced ? Imgcodecs.IMREAD_REDUCED_COLOR_2 : Imgcodecs.IMREAD_COLOR;
    Mat image = Imgcodecs.imread(file.toString(), flags);
    Mat resized = new Mat();
    try {
      if (image.empty()) {
        throw new IllegalStateException("OpenCV cannot decode " + file);
      }
      Imgproc.resize(image, resized, new Size(size, size), 0, 0, interpolation);
      Imgproc.cvtColor(resized, resized, Imgproc.COLOR_BGR2RGB);
      byte[] out = new byte[size * size * 3];
      resized.get(0, 0, out);
      return out;
    } finally {
      image.release();
      resized.release();
    }
  }

  static int area() {
    return Imgproc.INTER_AREA;
  }

  static int linear() {
    return Imgproc.INTER_LINEAR;
  }
}
