package dev.compass.solvers.ilp;

import com.google.ortools.Loader;

/** Loads OR-Tools' native libraries once per JVM (initialization-on-demand holder). */
final class OrTools {
  private OrTools() {}

  private static final class Holder {
    static final boolean LOADED = load();

    private static boolean load() {
      Loader.loadNativeLibraries();
      return true;
    }
  }

  /** Ensures the native libraries are loaded; cheap after the first call. */
  static void load() {
    if (!Holder.LOADED) throw new IllegalStateException("OR-Tools native libraries not loaded");
  }
}
