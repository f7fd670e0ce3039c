package org.alliancetracker.grants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.Topics;
import org.alliancetracker.events.outcome.IndicatorDefined;
import org.alliancetracker.events.outcome.IndicatorKind;
import org.alliancetracker.events.outcome.OutcomeMeasured;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;

/** Outcome indicators: defined once, measured per period, corrections superseding but never erasing. */
@GrantsServiceTest
class IndicatorsIT extends InfrastructureProperties {

    static final String SV_HOMICIDES = """
            {"id":"IT-SV-HOMICIDES","country":"SV","kind":"CONTEXT","name":"Homicides per 100,000 inhabitants",
             "unit":"per 100,000","ascending":false,"baseline":{"period":"2015","value":103},
             "targets":[{"period":"2019","value":50.5},{"period":"2021","value":30}]}""";

    static TopicRecorder topics;

    @Autowired
    WebTestClient http;
    Api api;

    @BeforeAll
    static void recordTopics() {
        topics = TopicRecorder.start(SharedTestInfrastructure.get().kafkaBootstrapServers(), Topics.OUTCOMES);
    }

    @AfterAll
    static void stopRecording() {
        topics.close();
    }

    @BeforeEach
    void client() {
        api = new Api(http);
    }

    @Test
    void aContextIndicatorIsDefinedOnceAndPublishedKeyedByItsId() {
        JsonNode defined = api.call("POST", "/api/v1/indicators", SV_HOMICIDES, 201);
        assertThat(defined.get("kind").asString()).isEqualTo("CONTEXT");
        assertThat(defined.get("baseline").get("value").decimalValue()).isEqualByComparingTo("103");
        assertThat(defined.get("targets").size()).isEqualTo(2);
        assertThat(defined.get("grantId").isNull()).isTrue();

        // the same definition again is a no-op; a different one is refused
        api.call("POST", "/api/v1/indicators", SV_HOMICIDES, 200);
        api.problem("POST", "/api/v1/indicators", SV_HOMICIDES.replace("\"ascending\":false", "\"ascending\":true"),
                HttpStatus.CONFLICT, "indicator-exists");
        assertThat(api.get("/api/v1/indicators/IT-SV-HOMICIDES").get("ascending").asBoolean()).isFalse();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                topics.eventsAbout("IT-SV-HOMICIDES")).hasSize(1));
        var event = topics.eventsAbout("IT-SV-HOMICIDES").getFirst();
        assertThat(event.key()).isEqualTo("IT-SV-HOMICIDES");
        var data = (IndicatorDefined) event.data();
        assertThat(data.country()).isEqualTo(Country.SV);
        assertThat(data.kind()).isEqualTo(IndicatorKind.CONTEXT);
        assertThat(data.ascending()).isFalse();
        assertThat(data.baseline().value()).isEqualByComparingTo("103");
        assertThat(data.targets()).extracting(t -> t.period()).containsExactly("2019", "2021");
        assertThat(topics.records().stream().filter(r -> "IT-SV-HOMICIDES".equals(r.key())))
                .allSatisfy(r -> assertThat(r.topic()).isEqualTo(Topics.OUTCOMES));
    }

    @Test
    void aSecondMeasurementOfAPeriodSupersedesTheFirstAndTheHistoryKeepsBoth() {
        api.call("POST", "/api/v1/indicators", SV_HOMICIDES.replace("IT-SV-HOMICIDES", "IT-SV-MEASURED"), 201);
        api.call("POST", "/api/v1/indicators/IT-SV-MEASURED/measurements",
                "{\"period\":\"2016\",\"value\":81.2,\"source\":\"Policía Nacional Civil\"}", 201);
        api.call("POST", "/api/v1/indicators/IT-SV-MEASURED/measurements",
                "{\"period\":\"2017\",\"value\":62,\"source\":\"Preliminary police count\"}", 201);
        JsonNode corrected = api.call("POST", "/api/v1/indicators/IT-SV-MEASURED/measurements",
                "{\"period\":\"2017\",\"value\":60,\"source\":\"InSight Crime 2017 homicide round-up\"}", 201);
        // repeating the period's current actual records nothing
        JsonNode repeated = api.call("POST", "/api/v1/indicators/IT-SV-MEASURED/measurements",
                "{\"period\":\"2017\",\"value\":60.0,\"source\":\"InSight Crime 2017 homicide round-up\"}", 200);
        assertThat(Api.map(repeated)).isEqualTo(Api.map(corrected));

        assertThat(Api.texts(corrected.get("actuals"), "period")).containsExactly("2016", "2017");
        assertThat(corrected.get("actuals").get(1).get("value").decimalValue()).isEqualByComparingTo("60");
        assertThat(corrected.get("actuals").get(1).get("source").asString())
                .isEqualTo("InSight Crime 2017 homicide round-up");
        assertThat(corrected.get("history").size()).isEqualTo(3);
        assertThat(corrected.get("history").get(1).get("value").decimalValue()).isEqualByComparingTo("62");
        assertThat(corrected.get("history").get(1).get("superseded").asBoolean()).isTrue();
        assertThat(corrected.get("history").get(2).get("superseded").asBoolean()).isFalse();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                topics.eventsAbout("IT-SV-MEASURED")).hasSize(4));
        var measured = topics.eventsAbout("IT-SV-MEASURED").stream().skip(1)
                .map(e -> (OutcomeMeasured) e.data()).toList();
        assertThat(measured).extracting(OutcomeMeasured::period).containsExactly("2016", "2017", "2017");
        assertThat(measured.get(2).value()).isEqualTo(new BigDecimal("60"));
        assertThat(measured.get(2).country()).isEqualTo(Country.SV);
        api.problem("POST", "/api/v1/indicators/NO-SUCH-INDICATOR/measurements",
                "{\"period\":\"2017\",\"value\":1,\"source\":\"x\"}", HttpStatus.NOT_FOUND, "not-found");
    }

    @Test
    void aProgramIndicatorBelongsToAnExistingGrantOfItsCountry() {
        api.enact(2025, "10000000.00", null);
        String allocation = api.allocate(2025, "GT", "HUMAN_CAPITAL", "5000000.00");
        api.award("IT-GT-EDU-1", allocation, "1000000.00");
        String program = """
                {"id":"IT-GT-ENROLMENT","country":"%s","kind":"PROGRAM","name":"Students enrolled in secondary school",
                 "unit":"students","ascending":true,"grantId":"%s","baseline":{"period":"2016","value":12000},
                 "targets":[{"period":"2018","value":15000}]}""";

        api.problem("POST", "/api/v1/indicators", program.formatted("GT", "NO-SUCH-GRANT"), HttpStatus.NOT_FOUND,
                "not-found");
        JsonNode wrongCountry = api.problem("POST", "/api/v1/indicators", program.formatted("SV", "IT-GT-EDU-1"),
                HttpStatus.UNPROCESSABLE_CONTENT, "invalid-request");
        assertThat(wrongCountry.get("errors").get(0).get("field").asString()).isEqualTo("country");
        api.send("GET", "/api/v1/indicators/IT-GT-ENROLMENT", null).expectStatus().isNotFound();

        JsonNode defined = api.call("POST", "/api/v1/indicators", program.formatted("GT", "IT-GT-EDU-1"), 201);
        assertThat(defined.get("grantId").asString()).isEqualTo("IT-GT-EDU-1");
        assertThat(Api.texts(api.get("/api/v1/indicators?grantId=IT-GT-EDU-1"), "id"))
                .containsExactly("IT-GT-ENROLMENT");
        assertThat(Api.texts(api.get("/api/v1/indicators?country=GT&kind=PROGRAM"), "id"))
                .contains("IT-GT-ENROLMENT").doesNotContain("IT-SV-HOMICIDES");
        assertThat(Api.texts(api.get("/api/v1/indicators?kind=CONTEXT"), "id")).doesNotContain("IT-GT-ENROLMENT");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                topics.eventsAbout("IT-GT-ENROLMENT")).hasSize(1));
        assertThat(((IndicatorDefined) topics.eventsAbout("IT-GT-ENROLMENT").getFirst().data()).grantId())
                .isEqualTo("IT-GT-EDU-1");
    }
}
