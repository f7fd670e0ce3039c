package org.alliancetracker.platform.messaging;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the topics a service publishes are created when missing.
 *
 * @param partitions        partitions per topic (consumers of one group scale out up to this number)
 * @param replicationFactor 1 on a single broker; 3 in a real cluster
 */
@ConfigurationProperties("alliance.topics")
public record TopicDeclarations(Integer partitions, Short replicationFactor) {

    public TopicDeclarations {
        partitions = partitions == null ? 6 : partitions;
        replicationFactor = replicationFactor == null ? 1 : replicationFactor;
    }
}
