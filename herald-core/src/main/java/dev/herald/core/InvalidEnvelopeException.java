package dev.herald.core;

/** An envelope attribute broke a rule; {@link #attribute()} names which one. */
public final class InvalidEnvelopeException extends HeraldException {
  private static final long serialVersionUID = 1L;

  private final String attribute;

  /** An exception saying that {@code attribute} broke a rule: {@code problem}. */
  public InvalidEnvelopeException(String attribute, String problem) {
    super("invalid envelope attribute '" + attribute + "': " + problem);
    this.attribute = attribute;
  }

  /** The CloudEvents attribute or extension name that broke the rule. */
  public String attribute() {
    return attribute;
  }
}
