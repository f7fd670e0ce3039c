package org.alliancetracker.events;

/** A record on a topic that is not a valid event of this contract (a poison event). Never worth retrying. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
