/**
 * JSON formats for networks, hardware specs and plans (documented in {@code docs/formats.md}), read with one-line
 * errors that name the file, the path inside it and the value, and written whole or not at all.
 */
package dev.compass.formulation.io;
