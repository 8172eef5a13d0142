package dev.compass.formulation;

/**
 * Bad input: a file, a field or a value that the project cannot accept.
 *
 * <p>The message is one line meant for a person: it names where the problem is (file, path inside
 * it, node), the offending value, and what would be valid. Command-line front ends print
 * {@link #getMessage()} and exit with status 2; they never print a stack trace for this exception.
 */
public class InputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String location;
  private final String problem;

  /**
   * @param location where the problem is, e.g. {@code "operators[3].kernel[0]"} (may be empty)
   * @param problem what is wrong and what would be valid
   */
  public InputException(String location, String problem) {
    this(location, problem, null);
  }

  public InputException(String location, String problem, Throwable cause) {
    super(location.isEmpty() ? problem : location + ": " + problem, cause);
    this.location = location;
    this.problem = problem;
  }

  /** Where the problem is, without the description. */
  public String location() {
    return location;
  }

  /** What is wrong, without the location. */
  public String problem() {
    return problem;
  }

  /** The same problem, located inside {@code source} (a file name or a parent path). */
  public InputException in(String source) {
    return new InputException(location.isEmpty() ? source : source + ": " + location, problem, this);
  }
}
