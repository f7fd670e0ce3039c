package org.alliancetracker.platform.outbox;

/** Declares a MongoDB collection whose documents may carry an {@code outbox} array for the relay to publish. */
public record OutboxCollection(String name) {
}
