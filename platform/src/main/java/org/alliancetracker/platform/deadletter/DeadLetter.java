package org.alliancetracker.platform.deadletter;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One record of a dead-letter topic as an operator sees it.
 *
 * @param partition        partition of the dead-letter topic
 * @param offset           offset in it (with the partition, how to re-drive this one record)
 * @param deadLetteredAt   when it was dead-lettered
 * @param key              the Kafka key (the aggregate id)
 * @param eventId          the CloudEvent id ({@code ce_id} header or the payload's {@code id}); null if unreadable
 * @param eventType        the CloudEvent type, if readable
 * @param originalTopic    where the record was consumed from
 * @param originalPartition its partition there
 * @param originalOffset   its offset there
 * @param deadLetterGroup  the consumer group that gave up on it
 * @param exceptionClass   why: the exception class ({@code x-exception-fqcn})
 * @param exceptionMessage and message ({@code x-exception-message})
 * @param redriven         whether the re-drive has passed it (the re-drive group's committed offset is beyond it)
 * @param payload          the record's value as text, cut at 4096 characters
 */
@Schema(description = "A record of a dead-letter topic <topic>.dlq")
public record DeadLetter(int partition, long offset, Instant deadLetteredAt, String key, String eventId,
                         String eventType, String originalTopic, Integer originalPartition, Long originalOffset,
                         String deadLetterGroup, String exceptionClass, String exceptionMessage, boolean redriven,
                         String payload) {
}
