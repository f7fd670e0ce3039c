package org.alliancetracker.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.alliancetracker.platform.RealParts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The services' one producer against a real broker: where keys land, the order of acknowledgements, failures. */
class RecordSenderIT {

    private static final int PARTITIONS = 6;
    private static String topic;
    private static RecordSender sender;

    @BeforeAll
    static void topic() throws Exception {
        String servers = RealParts.infrastructure().kafkaBootstrapServers();
        topic = "record-sender-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        sender = RealParts.kafka();
    }

    @AfterAll
    static void close() {
        sender.destroy();
    }

    @Test
    void aTextKeyLandsOnThePartitionKafkasStringSerializerGivesIt() throws Exception {
        List<String> keys = new ArrayList<>();
        List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String key = "GRANT-" + i + "-ñ";
            keys.add(key);
            sent.add(sender.send(new ProducerRecord<>(topic, key, new byte[] {(byte) i}), null));
        }
        for (int i = 0; i < keys.size(); i++) {
            RecordMetadata metadata = sent.get(i).get(30, TimeUnit.SECONDS);
            int expected = Utils.toPositive(Utils.murmur2(keys.get(i).getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            assertThat(metadata.partition()).as(keys.get(i)).isEqualTo(expected);
        }
    }

    @Test
    void sendAllAnswersEachRecordsPositionInTheRecordsOrder() throws Exception {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(new ProducerRecord<>(topic, 2, "same".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) i}));
        }
        List<RecordMetadata> acknowledged = sender.sendAll(records, Duration.ofSeconds(30));
        assertThat(acknowledged).hasSize(10).allSatisfy(m -> assertThat(m.partition()).isEqualTo(2));
        for (int i = 1; i < acknowledged.size(); i++) {
            assertThat(acknowledged.get(i).offset()).isEqualTo(acknowledged.get(i - 1).offset() + 1);
        }
    }

    @Test
    void aSendThatCannotReachABrokerIsAFailedFutureNotAnException() {
        RecordSender unreachable = RealParts.kafka("localhost:" + RealParts.closedPort(), Map.of(
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 500, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 500,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 1000));
        try {
            CompletableFuture<RecordMetadata> sent = unreachable.send(
                    new ProducerRecord<>(topic, "key", new byte[] {1}), null);
            assertThat(sent).failsWithin(Duration.ofSeconds(30));
        } finally {
            unreachable.destroy();
        }
    }
}
