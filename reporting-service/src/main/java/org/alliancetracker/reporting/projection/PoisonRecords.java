package org.alliancetracker.reporting.projection;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.alliancetracker.events.Topics;
import org.alliancetracker.platform.messaging.RecordSender;
import org.alliancetracker.platform.messaging.SourcePosition;
import org.alliancetracker.reporting.ReportingProperties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends a record that is not a valid event (a poison record: it never gets better, so it is never retried) to
 * {@code <topic>.dlq} with the same key and value and the binder's usual headers ({@code x-original-topic},
 * {@code -partition}, {@code -offset}, {@code x-exception-fqcn}, {@code -message}, {@code -stacktrace}) plus
 * {@code x-dead-letter-group}, so the operator's dead-letter listing and re-drive treat it as any other; logs one
 * WARN line. The batch bindings dead-letter themselves: the binder's own DLQ would send a whole poll there.
 * Waits for the broker's acknowledgement, so the poll's offsets are committed only after the dead letters are safe.
 */
@Component
public class PoisonRecords {

    private static final Logger log = LoggerFactory.getLogger(PoisonRecords.class);

    /** A poison record of a poll and why it is one. */
    public record Poison(SourcePosition position, byte[] key, byte[] value, Long timestamp, Exception reason) {
    }

    private final RecordSender sender;
    private final byte[] group;

    public PoisonRecords(RecordSender sender, ReportingProperties properties) {
        this.group = properties.consumerGroup().getBytes(StandardCharsets.UTF_8);
        this.sender = sender;
    }

    public void send(List<Poison> poisons) {
        List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
        for (Poison poison : poisons) {
            SourcePosition at = poison.position();
            String dlq = Topics.deadLetterTopic(at.topic());
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(dlq, null, poison.key(), poison.value());
            header(record, "x-original-topic", at.topic().getBytes(StandardCharsets.UTF_8));
            header(record, "x-original-partition", ByteBuffer.allocate(4).putInt(at.partition()).array());
            header(record, "x-original-offset", ByteBuffer.allocate(8).putLong(at.offset()).array());
            if (poison.timestamp() != null) {
                header(record, "x-original-timestamp", ByteBuffer.allocate(8).putLong(poison.timestamp()).array());
            }
            header(record, "x-exception-fqcn", poison.reason().getClass().getName().getBytes(StandardCharsets.UTF_8));
            header(record, "x-exception-message", String.valueOf(poison.reason().getMessage())
                    .getBytes(StandardCharsets.UTF_8));
            header(record, "x-exception-stacktrace", stackTrace(poison.reason()).getBytes(StandardCharsets.UTF_8));
            // which group gave up on it, as the binder's dead-letter producers stamp it (DeadLetterGroupHeader)
            header(record, SourcePosition.DEAD_LETTER_GROUP, group);
            sent.add(record);
            log.warn("Record {} not applied, dead-lettered to {}: {}", at, dlq, poison.reason().toString());
        }
        try {
            sender.sendAll(sent, Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while dead-lettering", e);
        } catch (Exception e) {
            throw new IllegalStateException("Dead letter not acknowledged: " + e.getMessage(), e);
        }
    }

    private static void header(ProducerRecord<byte[], byte[]> record, String name, byte[] value) {
        record.headers().add(new RecordHeader(name, value));
    }

    private static String stackTrace(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
