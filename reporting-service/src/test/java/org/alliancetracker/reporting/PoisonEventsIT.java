package org.alliancetracker.reporting;

import static org.alliancetracker.reporting.Api.entry;
import static org.alliancetracker.reporting.Api.find;
import static org.alliancetracker.reporting.Api.money;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HexFormat;
import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.appropriation.AllocationMade;
import org.alliancetracker.events.appropriation.AppropriationEnacted;
import org.alliancetracker.events.grant.GrantAmended;
import org.alliancetracker.events.grant.GrantSuspended;
import org.alliancetracker.events.outcome.IndicatorDefined;
import org.alliancetracker.events.outcome.IndicatorKind;
import org.alliancetracker.events.outcome.OutcomeMeasured;
import org.alliancetracker.events.outcome.PeriodValue;
import org.alliancetracker.infra.PoisonRecords;
import org.alliancetracker.infra.TopicPublisher;
import org.awaitility.core.ThrowingRunnable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.EventCodec;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.Topics;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicRecorder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;

/** A record that is not a valid event goes to {@code <topic>.dlq} with the reason; nothing else is skipped. */
@ReportingServiceTest
class PoisonEventsIT extends InfrastructureProperties {

    @Autowired
    WebTestClient http;

    @Test
    void poisonGoesToTheDeadLetterTopicWithItsReasonAndTheNextEventIsApplied() {
        try (TestEvents events = new TestEvents();
             TopicRecorder dlq = TopicRecorder.start(SharedTestInfrastructure.get().kafkaBootstrapServers(),
                     Topics.deadLetterTopic(Topics.DISBURSEMENTS), Topics.deadLetterTopic(Topics.GRANTS))) {
            String year = Integer.toString(events.fiscalYear);
            GrantRef grant = events.grant(Country.GT, Pillar.INSTITUTIONS, "STATE-INL");
            String key = grant.grantId();
            events.award(grant, "1000.00", events.date(1, 1));
            events.publisher().send(Topics.DISBURSEMENTS, key, "{not json at all");
            events.publisher().send(Topics.DISBURSEMENTS, key, """
                    {"specversion":"1.0","id":"poison-%s","source":"/test","type":"alliance.disbursement.teleported.v1",
                     "data":{"grantId":"%s"}}""".formatted(key, key));
            EventCodec codec = new EventCodec();
            String fractionOfACent = codec.encodeToString(codec.envelope(
                    events.disbursement(grant, "10.00", events.date(2, 1)), "/test"))
                    .replace("\"amount\":10.00", "\"amount\":10.005");
            events.publisher().send(Topics.DISBURSEMENTS, key, fractionOfACent);
            events.publisher().send(Topics.GRANTS, key, new byte[0]);
            events.disburse(grant, "25.50", events.date(2, 2)); // after the poison, same partition

            Api api = new Api(http);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode fy = entry(api.get("/api/v1/countries/GT"), "byFiscalYear", year);
                assertThat(fy).isNotNull();
                assertThat(money(fy, "disbursed")).isEqualTo("25.50");
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ofKey(dlq, key)).hasSize(4));

            List<ConsumerRecord<String, byte[]>> dead = ofKey(dlq, key);
            assertThat(dead).extracting(r -> header(r, "x-exception-message")).satisfiesExactlyInAnyOrder(
                    m -> assertThat(m).contains("Not a valid CloudEvent"),
                    m -> assertThat(m).contains("Unknown event type: alliance.disbursement.teleported.v1"),
                    m -> assertThat(m).contains("amount must have at most 16 digits before and 2 after the decimal point"),
                    m -> assertThat(m).contains("Empty record"));
            assertThat(dead).extracting(r -> header(r, "x-original-topic"))
                    .containsOnly(Topics.DISBURSEMENTS, Topics.GRANTS);
            assertThat(dead).filteredOn(r -> Topics.DISBURSEMENTS.equals(header(r, "x-original-topic")))
                    .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .startsWith("{not json at all").hasSize(3);
        }
    }

    // One test per source topic, all alike: a valid event, then every kind of poison (PoisonRecords) and the
    // semantic ones of the topic under the same key, then a valid event. The poison goes to <topic>.dlq, each with
    // its reason; the consumer goes on; the views show exactly the two valid events.

    @Test
    void appropriationsPoisonIsDeadLetteredAndTheYearStillCountsLaterEvents() {
        try (TestEvents events = new TestEvents()) {
            int year = events.fiscalYear;
            events.publish(new AppropriationEnacted(year, new BigDecimal("1000000.00"), "Act", List.of()));
            String valid = json(new AllocationMade(TestEvents.id("ALLOC"), year, Country.GT, Pillar.INSTITUTIONS,
                    new BigDecimal("300.00"), events.date(2, 1)));
            List<PoisonRecords.Poison> poison = new ArrayList<>(PoisonRecords.of(valid, "country", "allocatedOn",
                    json(new GrantSuspended(events.grant(Country.GT, Pillar.INSTITUTIONS, "USAID"), "x",
                            events.date(2, 1)))));
            poison.addAll(moneyPoison(valid, "data.amount"));
            Api api = new Api(http);
            deadLetteredAndConsumerGoesOn(Topics.APPROPRIATIONS, Integer.toString(year), poison,
                    () -> events.publish(new AllocationMade(TestEvents.id("ALLOC"), year, Country.GT,
                            Pillar.INSTITUTIONS, new BigDecimal("300.00"), events.date(3, 1))),
                    () -> {
                        JsonNode row = find(api.get("/api/v1/summary").get("fiscalYears"), "fiscalYear",
                                Integer.toString(year));
                        assertThat(row).isNotNull();
                        assertThat(money(row, "enacted")).isEqualTo("1000000.00");
                        assertThat(money(row, "allocated")).isEqualTo("300.00");
                    });
        }
    }

    @Test
    void grantsPoisonIsDeadLetteredAndTheGrantStillCountsLaterEvents() {
        try (TestEvents events = new TestEvents()) {
            GrantRef grant = events.grant(Country.SV, Pillar.HUMAN_CAPITAL, "USAID");
            events.award(grant, "1000.00", events.date(1, 1));
            String valid = json(new GrantAmended(grant, new BigDecimal("1000.00"), new BigDecimal("1500.00"),
                    "amendment", events.date(2, 1)));
            List<PoisonRecords.Poison> poison = new ArrayList<>(PoisonRecords.of(valid, "grant", "amendedOn",
                    json(events.disbursement(grant, "5.00", events.date(2, 1)))));
            poison.addAll(moneyPoison(valid, "data.obligatedAmount"));
            poison.add(PoisonRecords.corrupt("previous amount of a billion decimals", valid,
                    "data.previousObligatedAmount", "1e-999999999"));
            Api api = new Api(http);
            deadLetteredAndConsumerGoesOn(Topics.GRANTS, grant.grantId(), poison,
                    () -> events.amend(grant, "1000.00", "1500.00", events.date(3, 1)),
                    () -> assertThat(money(entry(api.get("/api/v1/countries/SV"), "byFiscalYear",
                            Integer.toString(events.fiscalYear)), "obligated")).isEqualTo("1500.00"));
        }
    }

    @Test
    void disbursementsPoisonIsDeadLetteredAndTheGrantStillCountsLaterEvents() {
        try (TestEvents events = new TestEvents()) {
            GrantRef grant = events.grant(Country.HN, Pillar.PRODUCTIVE_SECTOR, "STATE-INL");
            events.award(grant, "1000.00", events.date(1, 1));
            events.disburse(grant, "10.00", events.date(1, 2));
            String valid = json(events.disbursement(grant, "5.00", events.date(2, 1)));
            List<PoisonRecords.Poison> poison = new ArrayList<>(PoisonRecords.of(valid, "grant", "valueDate",
                    json(new GrantSuspended(grant, "x", events.date(2, 1)))));
            poison.addAll(moneyPoison(valid, "data.amount"));
            Api api = new Api(http);
            deadLetteredAndConsumerGoesOn(Topics.DISBURSEMENTS, grant.grantId(), poison,
                    () -> events.disburse(grant, "25.50", events.date(3, 1)),
                    () -> assertThat(money(entry(api.get("/api/v1/countries/HN"), "byFiscalYear",
                            Integer.toString(events.fiscalYear)), "disbursed")).isEqualTo("35.50"));
        }
    }

    @Test
    void outcomesPoisonIsDeadLetteredAndTheIndicatorStillTakesLaterMeasurements() {
        try (TestEvents events = new TestEvents()) {
            String indicator = TestEvents.id("HN-POISON");
            events.publish(new IndicatorDefined(indicator, Country.HN, IndicatorKind.CONTEXT, "Homicides per 100,000",
                    "per 100,000", false, null, new PeriodValue("2014", new BigDecimal("60")),
                    List.of(new PeriodValue("2020", new BigDecimal("40")))));
            events.publish(new OutcomeMeasured(indicator, Country.HN, "2016", new BigDecimal("59"), "police"));
            String valid = json(new OutcomeMeasured(indicator, Country.HN, "2017", new BigDecimal("55"), "police"));
            List<PoisonRecords.Poison> poison = new ArrayList<>(PoisonRecords.of(valid, "value", "period",
                    json(new AllocationMade("ALLOC", events.fiscalYear, Country.HN, Pillar.INSTITUTIONS,
                            new BigDecimal("1.00"), events.date(2, 1)))));
            poison.add(PoisonRecords.corrupt("a value of a billion digits", valid, "data.value", "1e999999999"));
            poison.add(PoisonRecords.corrupt("a value of a billion decimals", valid, "data.value", "1e-999999999"));
            poison.add(PoisonRecords.corrupt("an unknown country", valid, "data.country", "\"MX\""));
            poison.add(PoisonRecords.corrupt("a period that is no period", valid, "data.period", "\"someday\""));
            Api api = new Api(http);
            deadLetteredAndConsumerGoesOn(Topics.OUTCOMES, indicator, poison,
                    () -> events.publish(new OutcomeMeasured(indicator, Country.HN, "2017", new BigDecimal("43"),
                            "police")),
                    () -> {
                        JsonNode view = find(api.get("/api/v1/countries/HN").get("indicators"), "id", indicator);
                        assertThat(view).isNotNull();
                        assertThat(money(view.get("latestActual"), "value")).isEqualTo("43");
                        assertThat(money(view, "progress")).isEqualTo("0.8500"); // (43 − 60) / (40 − 60)
                    });
        }
    }

    /** Amounts no count of cents can hold, or that would take a computer's life to compute with. */
    private static List<PoisonRecords.Poison> moneyPoison(String valid, String field) {
        return List.of(PoisonRecords.corrupt("a fraction of a cent", valid, field, "10.005"),
                PoisonRecords.corrupt("an amount beyond 64-bit cents", valid, field, "1e30"),
                PoisonRecords.corrupt("an amount of a billion digits", valid, field, "1e999999999"),
                PoisonRecords.corrupt("an amount of a billion decimals", valid, field, "1e-999999999"));
    }

    private static String json(AllianceEvent event) {
        EventCodec codec = new EventCodec();
        return codec.encodeToString(codec.envelope(event, "/test"));
    }

    private void deadLetteredAndConsumerGoesOn(String topic, String key, List<PoisonRecords.Poison> poison,
                                               Runnable validAfter, ThrowingRunnable applied) {
        String bootstrap = SharedTestInfrastructure.get().kafkaBootstrapServers();
        try (TopicRecorder dlq = TopicRecorder.start(bootstrap, Topics.deadLetterTopic(topic));
             TopicPublisher publisher = TopicPublisher.connect(bootstrap)) {
            poison.forEach(p -> publisher.send(topic, key, p.value()));
            validAfter.run();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    notDeadLettered(poison, ofKey(dlq, key))).as("poison not dead-lettered").isEmpty());
            await().atMost(Duration.ofSeconds(60)).untilAsserted(applied);
            List<ConsumerRecord<String, byte[]>> dead = ofKey(dlq, key);
            assertThat(dead).allSatisfy(r -> {
                assertThat(header(r, "x-original-topic")).isEqualTo(topic);
                assertThat(header(r, "x-exception-message")).doesNotStartWith("(no ");
            });
            assertThat(dead.stream().map(r -> HexFormat.of().formatHex(r.value())))
                    .containsExactlyInAnyOrderElementsOf(poison.stream()
                            .map(p -> HexFormat.of().formatHex(p.value())).toList());
            applied.run(); // and nothing of the poison counted meanwhile
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> notDeadLettered(List<PoisonRecords.Poison> poison,
                                                List<ConsumerRecord<String, byte[]>> dead) {
        List<String> values = new ArrayList<>(dead.stream().map(r -> HexFormat.of().formatHex(r.value())).toList());
        return poison.stream().filter(p -> !values.remove(HexFormat.of().formatHex(p.value())))
                .map(PoisonRecords.Poison::name).toList();
    }

    private static List<ConsumerRecord<String, byte[]>> ofKey(TopicRecorder recorder, String key) {
        return recorder.records().stream().filter(r -> key.equals(r.key())).toList();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "(no " + name + " among " + record.headers() + ")"
                : new String(header.value(), StandardCharsets.UTF_8);
    }
}
