package org.alliancetracker.platform.messaging;

import org.alliancetracker.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.integration.channel.PublishSubscribeChannel;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.support.ErrorMessage;

/**
 * The application's {@code errorChannel}, where the bindings report what they could not apply. A record binding
 * reports a record it gave up on (after which the binder sends it to {@code <topic>.dlq} with the exception in its
 * headers); a batch binding (reporting-service) reports a poll whose application failed (MongoDB unreachable, say),
 * which the container retries; its poison records never get here, the function dead-letters them itself. Defining
 * the channel replaces Spring Integration's default one, whose logger writes a full stack trace at ERROR for every
 * failure: here one WARN line names the record or poll and the reason; a dead letter carries its stack trace.
 */
public final class DeadLetterLog {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterLog.class);

    private DeadLetterLog() {
    }

    /** The channel to register as {@code errorChannel}. */
    public static PublishSubscribeChannel errorChannel() {
        PublishSubscribeChannel channel = new PublishSubscribeChannel();
        channel.subscribe(DeadLetterLog::log);
        return channel;
    }

    static void log(Message<?> error) {
        if (!(error.getPayload() instanceof Throwable failure)) {
            log.warn("Error reported without an exception: {}", error.getPayload());
            return;
        }
        Message<?> failed = error instanceof ErrorMessage em ? em.getOriginalMessage() : null;
        Throwable reason = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MessagingException messaging) {
                failed = failed != null ? failed : messaging.getFailedMessage();
            } else if (reason == null && !(t instanceof RetryException)) {
                reason = t; // what the function threw, e.g. MalformedEventException
            }
        }
        Object topic = failed == null ? null : failed.getHeaders().get(KafkaHeaders.RECEIVED_TOPIC);
        String why = String.valueOf(reason != null ? reason : failure);
        if (topic == null) {
            log.warn("Message handling failed: {}", why);
            return;
        }
        Object partitions = failed.getHeaders().get(KafkaHeaders.RECEIVED_PARTITION);
        Object offsets = failed.getHeaders().get(KafkaHeaders.OFFSET);
        if (topic instanceof java.util.List<?> || offsets instanceof java.util.List<?>) {
            log.warn("Records of {} (partitions {}, offsets {}) not applied yet, to be retried: {}", topic,
                    partitions, offsets, why);
        } else {
            log.warn("Record {}-{}@{} not applied, dead-lettered to {}: {}", topic, partitions, offsets,
                    Topics.deadLetterTopic(topic.toString()), why);
        }
    }
}
