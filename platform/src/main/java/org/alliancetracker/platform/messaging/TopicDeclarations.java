package org.alliancetracker.platform.messaging;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the topics a service publishes are created when missing.
 *
 * @param partitions        partitions per topic (consumers of one group scale out up to this number); the binder
 *                          creates consumed topics and their dead-letter topics with at least as many
 * @param replicationFactor 1 on a single broker; 3 in a real cluster
 * @param publishes         the topics the service publishes (through its outbox), created at start with these settings
 *                          so they never depend on the broker's defaults
 */
@ConfigurationProperties("alliance.topics")
public record TopicDeclarations(Integer partitions, Short replicationFactor, List<String> publishes) {

    public TopicDeclarations {
        partitions = partitions == null ? 6 : partitions;
        replicationFactor = replicationFactor == null ? 1 : replicationFactor;
        publishes = publishes == null ? List.of() : List.copyOf(publishes);
    }
}
