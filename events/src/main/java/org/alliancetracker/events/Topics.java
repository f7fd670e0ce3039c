package org.alliancetracker.events;

import java.util.List;

/** Kafka topic names of the contract. Keys are aggregate ids: fiscal year, grant id, indicator id, country. */
public final class Topics {
    public static final String APPROPRIATIONS = "alliance.appropriations";
    public static final String GRANTS = "alliance.grants";
    public static final String DISBURSEMENTS = "alliance.disbursements";
    public static final String OUTCOMES = "alliance.outcomes";
    /** Compacted: the latest view of each country, keyed by ISO code. Published by reporting-service. */
    public static final String COUNTRY_VIEWS = "alliance.country-views";

    /** The topics that carry facts (everything but derived views), in the order a reader would replay them. */
    public static final List<String> SOURCE_TOPICS = List.of(APPROPRIATIONS, GRANTS, DISBURSEMENTS, OUTCOMES);

    private Topics() {
    }

    public static String deadLetterTopic(String topic) {
        return topic + ".dlq";
    }
}
