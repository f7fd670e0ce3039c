package org.alliancetracker.platform.deadletter;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param redriveGroup the consumer group whose committed offsets on each {@code <topic>.dlq} mark how far dead letters
 *                     have been re-driven (shared by all services: a dead letter is re-driven once, whichever
 *                     service's endpoint is used)
 * @param maxRecords   most dead letters read by one listing or re-drive
 * @param timeout      how long one listing or re-drive may take to read the dead-letter topic and get acknowledgements
 */
@ConfigurationProperties("alliance.dead-letters")
public record DeadLetterProperties(String redriveGroup, Integer maxRecords, Duration timeout) {

    public DeadLetterProperties {
        redriveGroup = redriveGroup == null ? "alliance.dead-letter-redrive" : redriveGroup;
        maxRecords = maxRecords == null ? 10_000 : maxRecords;
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
    }
}
