package org.alliancetracker.reporting.projection;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.retry.RetryException;
import org.springframework.integration.channel.PublishSubscribeChannel;
import org.springframework.integration.context.IntegrationContextUtils;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.support.ErrorMessage;

/**
 * The application's {@code errorChannel}, where the bindings report a poll whose application failed (MongoDB
 * unreachable, say; the container retries it). Defining it replaces Spring Integration's default one, whose logger
 * writes a full stack trace at ERROR for every failure: here one WARN line names the poll and the reason. Poison
 * records never get here: {@link DeadLetters} sends them to {@code <topic>.dlq}.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterLog {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterLog.class);

    @Bean(IntegrationContextUtils.ERROR_CHANNEL_BEAN_NAME)
    PublishSubscribeChannel errorChannel() {
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
        Object offsets = failed.getHeaders().get(KafkaHeaders.OFFSET);
        log.warn("Records of {} (partitions {}, offsets {}) not applied yet, to be retried: {}", topic,
                failed.getHeaders().get(KafkaHeaders.RECEIVED_PARTITION), offsets, why);
    }
}
