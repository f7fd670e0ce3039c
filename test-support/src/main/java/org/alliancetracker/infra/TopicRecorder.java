package org.alliancetracker.infra;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.EventCodec;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Records everything published on some topics, from their beginning, as any outside Kafka client would see it: a
 * test's window onto the wire. Reading happens on a background thread; tests wait on {@link #events} with Awaitility.
 */
public final class TopicRecorder implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> records = new CopyOnWriteArrayList<>();
    private final EventCodec codec = new EventCodec();
    private final Thread poller;
    private volatile boolean running = true;

    private TopicRecorder(String bootstrapServers, Collection<String> topics, boolean fromNow) {
        consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", bootstrapServers,
                "group.id", "topic-recorder-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest",
                "enable.auto.commit", "false",
                "metadata.max.age.ms", "1000",
                "allow.auto.create.topics", "false"),
                new StringDeserializer(), new ByteArrayDeserializer());
        if (fromNow) {
            // the ends of the partitions that exist now; a partition (or topic) that appears later is read whole
            List<TopicPartition> existing = topics.stream()
                    .flatMap(topic -> consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream())
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(existing, Duration.ofSeconds(30));
            consumer.subscribe(List.copyOf(topics), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
                    assigned.forEach(p -> consumer.seek(p, ends.getOrDefault(p, 0L)));
                }

                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                    // the only member of its group: nothing to hand over
                }
            });
        } else {
            consumer.subscribe(List.copyOf(topics));
        }
        poller = new Thread(this::poll, "topic-recorder");
        poller.setDaemon(true);
        poller.start();
    }

    public static TopicRecorder start(String bootstrapServers, String... topics) {
        return new TopicRecorder(bootstrapServers, List.of(topics), false);
    }

    /**
     * Records only what is published from now on: when this returns, the end of every existing partition has been
     * taken, so anything published afterwards is recorded and nothing published before it is (a topic that does not
     * exist yet is recorded from its beginning). For tests that must show that something published nothing at all.
     */
    public static TopicRecorder fromNow(String bootstrapServers, String... topics) {
        return new TopicRecorder(bootstrapServers, List.of(topics), true);
    }

    /** All records so far, raw. */
    public List<ConsumerRecord<String, byte[]>> records() {
        return List.copyOf(records);
    }

    /** The CloudEvents recorded so far that match, in arrival order (records that are not CloudEvents are skipped). */
    public List<CloudEvent<AllianceEvent>> events(Predicate<CloudEvent<AllianceEvent>> filter) {
        return records.stream()
                .map(r -> {
                    try {
                        return codec.decode(r.value());
                    } catch (RuntimeException notAnEvent) {
                        return null;
                    }
                })
                .filter(e -> e != null && filter.test(e))
                .toList();
    }

    /** The events about one aggregate (CloudEvents subject = Kafka key). */
    public List<CloudEvent<AllianceEvent>> eventsAbout(String subject) {
        return events(e -> subject.equals(e.subject()));
    }

    private void poll() {
        try {
            while (running) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
