package org.alliancetracker.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Three KRaft nodes (broker and controller each) in this JVM: a topic of replication factor 3 and
 * {@code min.insync.replicas} 2 keeps taking acks=all writes when the leader of a partition goes, a write made while
 * two nodes are gone waits and completes once one is back, and every record is read exactly once.
 */
class KafkaClusterIT {

    private static final String TOPIC = "cluster-failover";

    @Test
    void writesSurviveTheLeaderAndWaitWhileTwoNodesAreGone() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.throwaway(3).start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            assertThat(cluster.bootstrapServers().split(",")).hasSize(3);
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3))).all().get(60, TimeUnit.SECONDS);
            String minIsr = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, TOPIC)))
                    .all().get(30, TimeUnit.SECONDS).values().iterator().next().get("min.insync.replicas").value();
            assertThat(minIsr).isEqualTo("2");
            await().atMost(Duration.ofSeconds(60)).until(() -> partition(admin, 0).isr().size() == 3);

            try (KafkaProducer<String, String> producer = producer(cluster.bootstrapServers())) {
                send(producer, "before", 100);

                int leader = partition(admin, 0).leader().id();
                cluster.broker(leader).stop();
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    TopicPartitionInfo p = partition(admin, 0);
                    return p.leader() != null && p.leader().id() != leader;
                });
                send(producer, "leader-gone", 100);

                int second = partition(admin, 0).leader().id();
                cluster.broker(second).stop();
                // one node of three: no controller quorum, fewer replicas than min.insync.replicas; the write waits
                Future<RecordMetadata> waiting = producer.send(new ProducerRecord<>(TOPIC, "waited", "waited"));
                assertThat(waiting.isDone()).isFalse();

                cluster.broker(leader).start();
                assertThat(waiting.get(3, TimeUnit.MINUTES).topic()).isEqualTo(TOPIC);
                send(producer, "one-back", 100);
                cluster.broker(second).start();
                await().atMost(Duration.ofMinutes(2)).until(() -> partition(admin, 0).isr().size() == 3);
            }

            List<String> read = readAll(cluster.bootstrapServers(), 301);
            assertThat(read).hasSize(301).doesNotHaveDuplicates();
            assertThat(Set.copyOf(read)).contains("before-0", "before-99", "leader-gone-0", "leader-gone-99",
                    "waited", "one-back-0", "one-back-99");
        }
    }

    private static TopicPartitionInfo partition(Admin admin, int partition) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(TOPIC)).allTopicNames()
                .get(30, TimeUnit.SECONDS).get(TOPIC);
        return description.partitions().get(partition);
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("acks", "all");
        config.put("enable.idempotence", "true");
        config.put("delivery.timeout.ms", "300000");
        config.put("request.timeout.ms", "15000");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static void send(KafkaProducer<String, String> producer, String prefix, int count) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sent.add(producer.send(new ProducerRecord<>(TOPIC, prefix + "-" + i, prefix + "-" + i)));
        }
        for (Future<RecordMetadata> future : sent) {
            future.get(3, TimeUnit.MINUTES);
        }
    }

    private static List<String> readAll(String bootstrap, int expected) {
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                "bootstrap.servers", bootstrap, "group.id", "cluster-check", "auto.offset.reset", "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            // until every record is there, then one more poll: a duplicate would show
            await().atMost(Duration.ofMinutes(2)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
                return values.size() >= expected;
            });
            consumer.poll(Duration.ofSeconds(1)).forEach(record -> values.add(record.value()));
        }
        return values;
    }
}
