package dev.mlops.core.image;

import java.util.SplittableRandom;

/**
 * Independent random streams derived from (seed, epoch, image): every choice of the loader comes
 * from one of these, so results never depend on which thread did the work or when.
 */
final class Seeds {
  private static final long SHUFFLE = 0x5348_5546_464cL;
  private static final long AUGMENT = 0x4155_4745_4e54L;

  private Seeds() {}

  /** The stream that orders the images of {@code epoch}. */
  static SplittableRandom shuffle(long seed, int epoch) {
    return new SplittableRandom(mix(SHUFFLE, seed, epoch));
  }

  /** The stream that augments image {@code image} (its index in the loader's list) in an epoch. */
  static SplittableRandom augment(long seed, int epoch, int image) {
    return new SplittableRandom(mix(AUGMENT, seed, ((long) epoch << 32) | (image & 0xffffffffL)));
  }

  /** Hashes the parts with SplitMix64's finaliser, each step depending on all earlier parts. */
  static long mix(long... parts) {
    long h = 0x9e37_79b9_7f4a_7c15L;
    for (long part : parts) {
      h = finish(h ^ finish(part + 0x9e37_79b9_7f4a_7c15L));
    }
    return h;
  }

  private static long finish(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58_476d_1ce4_e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d0_49bb_1331_11ebL;
    return z ^ (z >>> 31);
  }
}
