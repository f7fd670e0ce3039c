package org.alliancetracker.grants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.EventCodec;
import org.alliancetracker.events.Topics;
import org.alliancetracker.events.appropriation.AllocationMade;
import org.alliancetracker.events.appropriation.AppropriationEnacted;
import org.alliancetracker.events.appropriation.WithholdingReleased;
import org.alliancetracker.events.grant.GrantAmended;
import org.alliancetracker.events.grant.GrantAwarded;
import org.alliancetracker.events.grant.GrantSuspended;
import org.alliancetracker.events.outcome.IndicatorDefined;
import org.alliancetracker.events.outcome.OutcomeMeasured;
import org.alliancetracker.grants.budget.BudgetYears;
import org.alliancetracker.grants.indicator.Indicators;
import org.alliancetracker.infra.KafkaBroker;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicRecorder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.mongodb.client.model.Filters;

import reactor.core.publisher.Mono;

/**
 * No dual write: with the broker down, changes still succeed (they only need MongoDB) and their events wait in the
 * outbox of the changed document; once the broker is back every one of them arrives, none lost, and any duplicate
 * on the wire is the same CloudEvent (same id, same content).
 */
@GrantsServiceTest
class BrokerOutageIT extends InfrastructureProperties {

    static final int YEAR = 2024;

    @Autowired
    WebTestClient http;
    @Autowired
    ReactiveMongoTemplate mongo;

    @Test
    void changesMadeWhileTheBrokerIsDownArePublishedOnceItIsBackNoneLost() {
        Assumptions.assumeTrue(SharedTestInfrastructure.get() instanceof SharedTestInfrastructure.EmbeddedInfrastructure,
                "needs the embedded broker, which the test can stop");
        KafkaBroker broker = ((SharedTestInfrastructure.EmbeddedInfrastructure) SharedTestInfrastructure.get()).broker();
        Api api = new Api(http.mutate().responseTimeout(Duration.ofSeconds(30)).build());
        try (TopicRecorder topics = TopicRecorder.start(broker.bootstrapServers(),
                Topics.APPROPRIATIONS, Topics.GRANTS, Topics.OUTCOMES)) {
            // the topics exist and the relay has published before: the outage interrupts a working system
            api.enact(YEAR, "10000000.00", "[{\"id\":\"out-cert\",\"percent\":20,\"condition\":\"Certification\"}]");
            await().atMost(Duration.ofSeconds(30)).until(() -> topics.eventsAbout("2024").size() == 1);

            broker.stop();
            try {
                api.certify(YEAR, "out-cert", "2016-09-30");
                String allocation = api.allocate(YEAR, "GT", "SECURITY_AND_JUSTICE", "5000000.00");
                api.allocate(YEAR, "SV", "HUMAN_CAPITAL", "1000000.00");
                api.award("OUT-G1", allocation, "2000000.00");
                api.award("OUT-G2", allocation, "1000000.00");
                api.amend("OUT-G1", "2500000.00", 200);
                api.transition("OUT-G2", "suspension", 200);
                api.call("POST", "/api/v1/indicators", """
                        {"id":"OUT-IND","country":"GT","kind":"CONTEXT","name":"Homicides per 100,000",
                         "unit":"per 100,000","ascending":false}""", 201);
                api.call("POST", "/api/v1/indicators/OUT-IND/measurements",
                        "{\"period\":\"2017\",\"value\":26.1,\"source\":\"Police count\"}", 201);

                // nothing could be acknowledged: the events wait next to the changes they record
                assertThat(pending(BudgetYears.COLLECTION, YEAR)).isEqualTo(7);
                assertThat(pending(Indicators.COLLECTION, "OUT-IND")).isEqualTo(2);
            } finally {
                broker.start();
            }

            Map<String, List<Class<?>>> expected = Map.of(
                    "2024", List.of(AppropriationEnacted.class, WithholdingReleased.class, AllocationMade.class,
                            AllocationMade.class),
                    "OUT-G1", List.of(GrantAwarded.class, GrantAmended.class),
                    "OUT-G2", List.of(GrantAwarded.class, GrantSuspended.class),
                    "OUT-IND", List.of(IndicatorDefined.class, OutcomeMeasured.class));
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> expected.forEach((subject, types) ->
                    assertThat(distinctInOrder(topics.eventsAbout(subject))).as(subject)
                            .extracting(e -> (Object) e.data().getClass()).containsExactlyElementsOf(types)));
            await().atMost(Duration.ofSeconds(60)).until(() -> pending(BudgetYears.COLLECTION, YEAR) == 0
                    && pending(Indicators.COLLECTION, "OUT-IND") == 0);

            // duplicates are allowed only as exact copies: one id, one content
            EventCodec codec = new EventCodec();
            Map<String, Set<String>> contentById = topics.records().stream()
                    .filter(r -> expected.containsKey(r.key()))
                    .collect(Collectors.groupingBy(r -> codec.decode(r.value()).id(),
                            Collectors.mapping(BrokerOutageIT::payload, Collectors.toSet())));
            assertThat(contentById).hasSize(expected.values().stream().mapToInt(List::size).sum());
            assertThat(contentById.values()).allSatisfy(contents -> assertThat(contents).hasSize(1));
        }
    }

    /** The events in their first-arrival order, each CloudEvent id once. */
    private static List<CloudEvent<AllianceEvent>> distinctInOrder(List<CloudEvent<AllianceEvent>> events) {
        return events.stream().collect(Collectors.toMap(CloudEvent::id, e -> e, (a, b) -> a,
                java.util.LinkedHashMap::new)).values().stream().toList();
    }

    private static String payload(ConsumerRecord<String, byte[]> record) {
        return new String(record.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private int pending(String collection, Object id) {
        Document document = mongo.getCollection(collection)
                .flatMap(c -> Mono.from(c.find(Filters.eq("_id", id)).first()))
                .block(Duration.ofSeconds(10));
        return document == null ? 0 : document.getList("outbox", Document.class, List.of()).size();
    }
}
