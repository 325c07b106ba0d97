package dev.mlops.spark;

import dev.mlops.core.data.validate.ValidationResult;
import java.nio.file.Path;

/**
 * What {@link ValidateJob} did.
 *
 * @param validation the findings, as the single-machine validation reports them
 * @param output the file the result was written to (or read from, when reused)
 * @param reused whether {@code output} already held the result of the same inputs, so no image was
 *     inspected
 * @param partitions the partitions the images were inspected in
 * @param nearDuplicatePairs the pairs the banded join found (before the core groups them into
 *     findings)
 */
public record ValidateJobResult(
    ValidationResult validation,
    Path output,
    boolean reused,
    int partitions,
    int nearDuplicatePairs) {}
