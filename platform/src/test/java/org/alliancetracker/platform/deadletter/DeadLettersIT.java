package org.alliancetracker.platform.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.alliancetracker.events.Topics;
import org.alliancetracker.infra.TopicPublisher;
import org.alliancetracker.infra.TopicRecorder;
import org.alliancetracker.platform.RealParts;
import org.alliancetracker.platform.deadletter.DeadLetterViews.RedriveResult;
import org.alliancetracker.platform.deadletter.DeadLetterViews.TopicSummary;
import org.alliancetracker.platform.messaging.InputBindings;
import org.alliancetracker.platform.messaging.RecordSender;
import org.alliancetracker.platform.messaging.SourcePosition;
import org.alliancetracker.platform.observability.ClusterAdmin;
import org.alliancetracker.platform.web.ApiProblem;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.stream.config.BindingProperties;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Dead letters against a real broker: listed with where they came from and why, re-driven to their original topic
 * and partition with the same key, value and CloudEvent id, minus the exception headers and marked as re-driven,
 * and re-driven once: a second re-drive finds nothing pending.
 */
class DeadLettersIT {

    private final String topic = "platform-test.things-" + UUID.randomUUID();
    private ClusterAdmin cluster;
    private DeadLetters deadLetters;
    private TopicPublisher publisher;
    private RecordSender sender;

    @BeforeEach
    void parts() throws Exception {
        String servers = RealParts.infrastructure().kafkaBootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1),
                    new NewTopic(Topics.deadLetterTopic(topic), 3, (short) 1))).all().get();
        }
        cluster = new ClusterAdmin(new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers)));
        BindingServiceProperties bindings = new BindingServiceProperties();
        BindingProperties input = new BindingProperties();
        input.setDestination(topic);
        input.setGroup("things-service");
        bindings.setBindings(Map.of("things-in-0", input));
        sender = RealParts.kafka(servers, Map.of());
        deadLetters = new DeadLetters(cluster, new InputBindings(bindings),
                new DeadLetterProperties("platform-test-redrive-" + UUID.randomUUID(), 1000, Duration.ofSeconds(30)),
                sender);
        publisher = TopicPublisher.connect(servers);
    }

    @AfterEach
    void close() throws Exception {
        publisher.close();
        sender.destroy();
        cluster.destroy();
    }

    @Test
    void deadLettersAreListedAndReDrivenToTheirOriginalPartitionOnce() {
        String eventId = UUID.randomUUID().toString();
        byte[] value = ("{\"specversion\":\"1.0\",\"id\":\"" + eventId + "\",\"type\":\"alliance.grant.awarded.v1\"}")
                .getBytes(StandardCharsets.UTF_8);
        publisher.deadLetter(topic, 2, 17, "GT-1", value, "things-service", "java.lang.IllegalStateException",
                "store unreachable");
        publisher.deadLetter(topic, 2, 18, "GT-1", "not json".getBytes(StandardCharsets.UTF_8), "things-service",
                "org.alliancetracker.events.MalformedEventException", "not a CloudEvent");

        assertThat(deadLetters.summary()).singleElement().satisfies(summary -> {
            assertThat(summary.topic()).isEqualTo(topic);
            assertThat(summary.consumerGroups()).containsExactly("things-service");
            assertThat(summary.total()).isEqualTo(2);
            assertThat(summary.pending()).isEqualTo(2);
        });
        List<DeadLetter> listed = deadLetters.list(topic, 10, true).records();
        assertThat(listed).hasSize(2);
        assertThat(listed.getFirst()).satisfies(first -> {
            assertThat(first.eventId()).isEqualTo(eventId);
            assertThat(first.eventType()).isEqualTo("alliance.grant.awarded.v1");
            assertThat(first.originalTopic()).isEqualTo(topic);
            assertThat(first.originalPartition()).isEqualTo(2);
            assertThat(first.originalOffset()).isEqualTo(17L);
            assertThat(first.deadLetterGroup()).isEqualTo("things-service");
            assertThat(first.exceptionClass()).isEqualTo("java.lang.IllegalStateException");
            assertThat(first.redriven()).isFalse();
        });

        try (TopicRecorder original = TopicRecorder.start(RealParts.infrastructure().kafkaBootstrapServers(), topic)) {
            RedriveResult result = deadLetters.redrivePending(topic);
            assertThat(result.redriven()).isEqualTo(2);

            await().atMost(Duration.ofSeconds(60)).until(() -> original.records().size() == 2);
            ConsumerRecord<String, byte[]> back = original.records().stream()
                    .filter(r -> eventId.equals(header(r, "ce_id")) || new String(r.value(), StandardCharsets.UTF_8)
                            .contains(eventId)).findFirst().orElseThrow();
            assertThat(back.partition()).isEqualTo(2);
            assertThat(back.key()).isEqualTo("GT-1");
            assertThat(back.value()).isEqualTo(value);
            assertThat(header(back, SourcePosition.REDRIVEN_FROM)).startsWith(Topics.deadLetterTopic(topic) + "-2@");
            assertThat(header(back, SourcePosition.DEAD_LETTER_GROUP)).isEqualTo("things-service");
            assertThat(back.headers().lastHeader("x-exception-fqcn")).isNull();
            assertThat(back.headers().lastHeader("x-exception-message")).isNull();

            assertThat(deadLetters.redrivePending(topic).redriven()).as("re-driven once").isZero();
        }
        TopicSummary after = deadLetters.summary().getFirst();
        assertThat(after.pending()).isZero();
        assertThat(after.redriven()).isEqualTo(2);
        assertThat(deadLetters.list(topic, 10, false).records()).allMatch(DeadLetter::redriven);
    }

    @Test
    void aTopicNotConsumedHereOrAPositionWithNoDeadLetterIsRefusedNamingIt() {
        assertThatThrownBy(() -> deadLetters.list("alliance.elsewhere", 10, true))
                .isInstanceOf(ApiProblem.class).hasMessageContaining("topic");
        assertThatThrownBy(() -> deadLetters.redriveOne(topic, 1, 999))
                .isInstanceOf(ApiProblem.class).hasMessageContaining(Topics.deadLetterTopic(topic) + "-1@999");
    }

    private static String header(ConsumerRecord<String, byte[]> record, String key) {
        var header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
