package dev.mlops.serving;

/**
 * One uploaded image.
 *
 * @param bytes its encoded bytes
 * @param name how messages name it ({@code the body}, {@code file 'a.png'}, {@code input image 2})
 */
record Upload(byte[] bytes, String name) {}
