package org.alliancetracker.events;

/**
 * A fact of the Alliance Tracker domain. Each topic has one sealed sub-interface; implementations are immutable
 * records named in the past tense.
 */
public interface AllianceEvent {

    /** The aggregate this event belongs to; used as Kafka key and CloudEvents {@code subject}. */
    String aggregateId();

    /** The topic the event is published on. */
    default String topic() {
        return EventType.of(getClass()).topic();
    }
}
