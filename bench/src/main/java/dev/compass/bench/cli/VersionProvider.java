package dev.compass.bench.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code compass --version}: the project version from the Maven metadata packed into the jar
 * ({@code META-INF/maven/dev.compass/compass-bench/pom.properties}), and the Java runtime.
 */
public final class VersionProvider implements IVersionProvider {
  static final String POM_PROPERTIES = "/META-INF/maven/dev.compass/compass-bench/pom.properties";

  @Override
  public String[] getVersion() {
    return new String[] {
      "compass " + version(),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
    };
  }

  /** The project version, or {@code "development build"} when run from classes rather than the jar. */
  static String version() {
    try (InputStream in = VersionProvider.class.getResourceAsStream(POM_PROPERTIES)) {
      if (in == null) return "development build";
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "development build");
    } catch (IOException e) {
      return "development build";
    }
  }
}
