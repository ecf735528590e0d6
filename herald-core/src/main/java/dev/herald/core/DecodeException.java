package dev.herald.core;

/**
 * An envelope's data could not be turned into the event record registered for its type. Carries the
 * envelope so that the event can be parked as a dead letter with the reason.
 */
public final class DecodeException extends HeraldException {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // envelopes are not serialized with the exception
  private final Envelope envelope;

  /** Creates the error for {@code envelope}, with what went wrong and its cause. */
  public DecodeException(Envelope envelope, String problem, Throwable cause) {
    super(
        "cannot decode event "
            + envelope.id()
            + " of type "
            + envelope.type()
            + ": "
            + problem
            + ". The producer and this service disagree on the event's schema; fix the producer"
            + " or register an upcaster, then replay the event.",
        cause);
    this.envelope = envelope;
  }

  /** The envelope whose data could not be decoded. */
  public Envelope envelope() {
    return envelope;
  }
}
