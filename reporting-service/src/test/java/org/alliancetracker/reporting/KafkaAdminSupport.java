package org.alliancetracker.reporting;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.alliancetracker.events.Topics;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Kafka's own AdminClient, as an operator would use it: offsets of the source topics and of a consumer group. */
final class KafkaAdminSupport implements AutoCloseable {

    private final Admin admin = Admin.create(Map.of("bootstrap.servers",
            SharedTestInfrastructure.get().kafkaBootstrapServers()));

    List<TopicPartition> sourcePartitions() throws Exception {
        return admin.describeTopics(Topics.SOURCE_TOPICS).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                .flatMap(t -> t.partitions().stream().map(p -> new TopicPartition(t.name(), p.partition())))
                .toList();
    }

    Map<TopicPartition, Long> offsets(OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        sourcePartitions().forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    /** Moves the (inactive) group back to the beginning of every source partition. */
    void rewind(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> beginning = new HashMap<>();
        offsets(OffsetSpec.earliest()).forEach((tp, offset) -> beginning.put(tp, new OffsetAndMetadata(offset)));
        admin.alterConsumerGroupOffsets(group, beginning).all().get(30, TimeUnit.SECONDS);
    }

    boolean groupReached(String group, Map<TopicPartition, Long> end) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        return end.entrySet().stream().allMatch(e -> e.getValue() == 0
                || committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue());
    }

    /**
     * Waits until the group has committed every record published so far on the source topics: the views have
     * applied them all (offsets are committed after the write), so nothing from an earlier test is still in flight.
     */
    static void awaitCaughtUp(String group) {
        try (KafkaAdminSupport admin = new KafkaAdminSupport()) {
            Map<TopicPartition, Long> end = admin.offsets(OffsetSpec.latest());
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> admin.groupReached(group, end));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    boolean groupEmpty(String group) throws Exception {
        return admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group).members()
                .isEmpty();
    }

    @Override
    public void close() {
        admin.close();
    }
}
