/**
 * Dataset validation: {@link dev.mlops.core.data.validate.DataValidator} inspects every image of a
 * {@link dev.mlops.core.data.Manifest} once (header, decode, perceptual hash), then runs small
 * independent {@link dev.mlops.core.data.validate.Check}s over the results and returns a {@link
 * dev.mlops.core.data.validate.ValidationResult}. The core reports; the caller decides whether the
 * build fails.
 */
package dev.mlops.core.data.validate;
