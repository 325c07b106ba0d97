package dev.mlops.core.image;

import java.awt.image.ColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;

/**
 * Decides whether a decoded image can be read straight from the decoder's byte array: 8 bits per
 * component, interleaved in one bank, not a translated sub-raster. That is what the JPEG and PNG
 * decoders produce, and reading it directly is several times faster than {@code Raster.getPixels},
 * which the perceptual hash and the training pipeline both rely on.
 */
public final class DirectBytes {
  private DirectBytes() {}

  /** The raster's sample model when its bytes can be read directly, else null. */
  public static ComponentSampleModel model(ColorModel cm, Raster raster) {
    if (!(raster.getDataBuffer() instanceof DataBufferByte buffer)
        || !(raster.getSampleModel() instanceof ComponentSampleModel model)
        || buffer.getNumBanks() != 1
        || raster.getSampleModelTranslateX() != 0
        || raster.getSampleModelTranslateY() != 0) {
      return null;
    }
    for (int size : cm.getComponentSize()) {
      if (size != 8) {
        return null;
      }
    }
    for (int bank : model.getBankIndices()) {
      if (bank != 0) {
        return null;
      }
    }
    return model;
  }

  /** The raster's byte array (call only when {@link #model} is not null). */
  public static DataBufferByte buffer(Raster raster) {
    return (DataBufferByte) raster.getDataBuffer();
  }
}
