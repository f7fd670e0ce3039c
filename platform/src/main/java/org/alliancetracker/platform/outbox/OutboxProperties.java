package org.alliancetracker.platform.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param lanes         parallel relay lanes; one document is always relayed by the same lane, so its events keep
 *                      their order
 * @param batchSize     documents relayed together by a lane (one read, one batch of sends, one bulk clear)
 * @param sweepInterval how often documents with old pending entries are looked for (after a crash, a broker outage)
 * @param sweepAge      how old a pending entry must be before the sweep takes it; younger ones are being relayed
 * @param sendTimeout   how long a lane waits for the broker's acknowledgement before leaving entries to the sweep
 * @param backlogInterval how often the pending entries are counted for the {@code alliance.outbox.backlog} gauge
 * @param scanShare     the most of its time the sweep and the backlog count may each spend querying: after a query that
 *                      took long they wait longer than their interval (where an index serves them they never do)
 */
@ConfigurationProperties("alliance.outbox")
public record OutboxProperties(Integer lanes, Integer batchSize, Duration sweepInterval, Duration sweepAge,
                               Duration sendTimeout, Duration backlogInterval, Double scanShare) {

    public OutboxProperties {
        lanes = lanes == null ? 4 : lanes;
        batchSize = batchSize == null ? 500 : batchSize;
        sweepInterval = sweepInterval == null ? Duration.ofSeconds(1) : sweepInterval;
        sweepAge = sweepAge == null ? Duration.ofSeconds(3) : sweepAge;
        sendTimeout = sendTimeout == null ? Duration.ofSeconds(30) : sendTimeout;
        backlogInterval = backlogInterval == null ? Duration.ofSeconds(10) : backlogInterval;
        scanShare = scanShare == null ? 0.05 : scanShare;
    }
}
