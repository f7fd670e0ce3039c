package org.alliancetracker.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.Country;
import org.alliancetracker.events.EventCodec;
import org.alliancetracker.events.Topics;
import org.alliancetracker.events.outcome.OutcomeMeasured;
import org.alliancetracker.infra.TopicRecorder;
import org.alliancetracker.platform.RealParts;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.alliancetracker.platform.messaging.RecordSender;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import reactor.core.publisher.Mono;

/**
 * The outbox relay against a real broker and MongoDB-wire server: a change and its events are one write, the relay
 * publishes them in order with their CloudEvent id and type, and removes only what the broker acknowledged, so
 * nothing a crash or an outage interrupts is lost.
 */
class OutboxRelayIT {

    private static final String COLLECTION = "aggregates";
    private static final EventCodec CODEC = new EventCodec();
    private static final OutboxProperties FAST = new OutboxProperties(2, 100, Duration.ofMillis(200),
            Duration.ofMillis(300), Duration.ofSeconds(10), Duration.ofSeconds(1), null);

    private static ReactiveMongoTemplate mongo;
    private static TopicRecorder topic;
    private OutboxRelay relay;

    @BeforeAll
    static void parts() {
        mongo = RealParts.mongo("platform-outbox-" + UUID.randomUUID());
        topic = TopicRecorder.fromNow(RealParts.infrastructure().kafkaBootstrapServers(), Topics.OUTCOMES);
    }

    @AfterAll
    static void close() {
        topic.close();
    }

    @AfterEach
    void stop() {
        if (relay != null) {
            relay.stop();
        }
    }

    @Test
    void aChangeAndItsEventsAreOneWriteAndTheRelayPublishesThemInOrderThenClearsThem() {
        relay = new OutboxRelay(mongo, CODEC, RealParts.kafka(), FAST, List.of(new OutboxCollection(COLLECTION)));
        relay.start();
        String aggregate = "IND-" + UUID.randomUUID();
        List<CloudEvent<OutcomeMeasured>> events = measurements(aggregate, "2019", "2020", "2021");

        write(aggregate, events);
        relay.kick(COLLECTION, aggregate);

        await().atMost(Duration.ofSeconds(60)).until(() -> recorded(aggregate).size() == 3);
        List<ConsumerRecord<String, byte[]>> records = recorded(aggregate);
        assertThat(records).extracting(r -> header(r, "ce_id"))
                .containsExactlyElementsOf(events.stream().map(CloudEvent::id).toList());
        assertThat(records).extracting(r -> header(r, "ce_type")).containsOnly("alliance.outcome.measured.v1");
        assertThat(records).extracting(ConsumerRecord::partition).as("one aggregate, one partition").hasSize(3)
                .containsOnly(records.getFirst().partition());
        assertThat(records).extracting(r -> CODEC.decode(r.value()).data())
                .containsExactlyElementsOf(events.stream().map(e -> (AllianceEvent) e.data()).toList());
        await().atMost(Duration.ofSeconds(30)).until(() -> pending(aggregate).isEmpty());
        assertThat(stored(aggregate).getInteger("version")).as("the change itself stays").isEqualTo(1);
        assertThat(relay.publishedCount()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void entriesWrittenJustBeforeACrashArePublishedByTheSweepWithoutAnyKick() {
        String aggregate = "IND-" + UUID.randomUUID();
        List<CloudEvent<OutcomeMeasured>> events = measurements(aggregate, "2019", "2020");
        relay = new OutboxRelay(mongo, CODEC, RealParts.kafka(), FAST, List.of(new OutboxCollection(COLLECTION)));
        write(aggregate, events); // the process died before it could kick the relay

        relay.start(); // the next start

        await().atMost(Duration.ofSeconds(60)).until(() -> recorded(aggregate).size() == 2);
        assertThat(recorded(aggregate)).extracting(r -> header(r, "ce_id"))
                .containsExactlyElementsOf(events.stream().map(CloudEvent::id).toList());
        await().atMost(Duration.ofSeconds(30)).until(() -> pending(aggregate).isEmpty());
    }

    @Test
    void whatTheBrokerNeverAcknowledgedStaysInTheOutboxAndIsPublishedOnceItIsBack() {
        String aggregate = "IND-" + UUID.randomUUID();
        List<CloudEvent<OutcomeMeasured>> events = measurements(aggregate, "2019", "2020");
        RecordSender unreachable = RealParts.kafka("localhost:" + RealParts.closedPort(), Map.of(
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 500,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 1500));
        OutboxProperties noSweep = new OutboxProperties(1, 100, Duration.ofHours(1), Duration.ofHours(1),
                Duration.ofSeconds(3), Duration.ofHours(1), null);
        OutboxRelay down = new OutboxRelay(mongo, CODEC, unreachable, noSweep,
                List.of(new OutboxCollection(COLLECTION)));
        down.start();
        write(aggregate, events);
        down.kick(COLLECTION, aggregate);
        down.stop(); // waits for the lane: its sends failed, nothing was acknowledged
        unreachable.destroy();

        assertThat(pending(aggregate)).extracting(e -> e.getString("id"))
                .containsExactlyElementsOf(events.stream().map(CloudEvent::id).toList());
        assertThat(down.publishedCount()).isZero();

        relay = new OutboxRelay(mongo, CODEC, RealParts.kafka(), FAST, List.of(new OutboxCollection(COLLECTION)));
        relay.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> recorded(aggregate).size() >= 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> pending(aggregate).isEmpty());
        assertThat(recorded(aggregate)).extracting(r -> header(r, "ce_id"))
                .containsExactlyElementsOf(events.stream().map(CloudEvent::id).toList());
    }

    private static List<CloudEvent<OutcomeMeasured>> measurements(String indicator, String... periods) {
        return java.util.Arrays.stream(periods).map(period -> CODEC.envelope(new OutcomeMeasured(indicator,
                Country.GT, period, new BigDecimal("12.5"), "test"), "/platform-test")).toList();
    }

    /** The change (a version) and its events in one single-document update, as every service writes them. */
    private void write(String aggregate, List<CloudEvent<OutcomeMeasured>> events) {
        OutboxRelay appender = relay != null ? relay
                : new OutboxRelay(mongo, CODEC, null, FAST, List.of(new OutboxCollection(COLLECTION)));
        mongo.getCollection(COLLECTION).flatMap(c -> Mono.from(c.updateOne(Filters.eq("_id", aggregate),
                Updates.combine(Updates.inc("version", 1), appender.append(events)),
                new UpdateOptions().upsert(true)))).block();
    }

    private static Document stored(String aggregate) {
        return mongo.getCollection(COLLECTION).flatMap(c -> Mono.from(c.find(Filters.eq("_id", aggregate)).first()))
                .block();
    }

    private static List<Document> pending(String aggregate) {
        return stored(aggregate).getList(OutboxEntry.FIELD, Document.class, List.of());
    }

    private static List<ConsumerRecord<String, byte[]>> recorded(String key) {
        return topic.records().stream().filter(r -> key.equals(r.key())).toList();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String key) {
        var header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
