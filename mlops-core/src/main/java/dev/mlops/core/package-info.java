/** The mlops core library: every stage of the lifecycle, usable from any Java program. */
package dev.mlops.core;
