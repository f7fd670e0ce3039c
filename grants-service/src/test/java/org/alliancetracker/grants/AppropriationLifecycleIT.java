package org.alliancetracker.grants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.Topics;
import org.alliancetracker.events.appropriation.AllocationMade;
import org.alliancetracker.events.appropriation.AppropriationEnacted;
import org.alliancetracker.events.appropriation.AppropriationRequested;
import org.alliancetracker.events.appropriation.WithholdingReleased;
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

/** Appropriations: stages only forward, withholdings released by certification exactly once, the figures shown. */
@GrantsServiceTest
class AppropriationLifecycleIT extends InfrastructureProperties {

    static final String FY2016_WITHHOLDINGS = """
            [{"id":"migration-cert","percent":25,"condition":"Secretary of State certifies migration-related steps"},
             {"id":"governance-cert","percent":50,"condition":"Secretary of State certifies governance criteria"}]""";

    static TopicRecorder topics;

    @Autowired
    WebTestClient http;
    Api api;

    @BeforeAll
    static void recordTopics() {
        topics = TopicRecorder.start(SharedTestInfrastructure.get().kafkaBootstrapServers(), Topics.APPROPRIATIONS);
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
    void withheldSharesBecomeAvailableOnlyByCertificationAndEachIsCertifiedOnce() {
        JsonNode enacted = api.enact(2019, "750000000.00", FY2016_WITHHOLDINGS);
        assertThat(enacted.get("withheld").decimalValue()).isEqualByComparingTo("562500000.00");
        assertThat(enacted.get("released").decimalValue()).isEqualByComparingTo("0");
        assertThat(enacted.get("available").decimalValue()).isEqualByComparingTo("187500000.00");

        // one cent more than the unwithheld quarter does not fit, and says what does
        JsonNode refused = api.problem("POST", "/api/v1/allocations",
                Api.allocationBody(2019, "SV", "HUMAN_CAPITAL", "187500000.01"), HttpStatus.CONFLICT,
                "exceeds-available-funds");
        assertThat(refused.get("available").decimalValue()).isEqualByComparingTo("187500000.00");

        JsonNode afterMigration = api.certify(2019, "migration-cert", "2016-09-30");
        assertThat(afterMigration.get("withheld").decimalValue()).isEqualByComparingTo("375000000.00");
        assertThat(afterMigration.get("released").decimalValue()).isEqualByComparingTo("187500000.00");
        assertThat(afterMigration.get("available").decimalValue()).isEqualByComparingTo("375000000.00");
        JsonNode migration = afterMigration.get("withholdings").valueStream()
                .filter(w -> w.get("id").asString().equals("migration-cert")).findFirst().orElseThrow();
        assertThat(migration.get("released").asBoolean()).isTrue();
        assertThat(migration.get("certifiedOn").asString()).isEqualTo("2016-09-30");

        JsonNode twice = api.problem("POST", "/api/v1/appropriations/2019/certifications",
                "{\"withholdingId\":\"migration-cert\",\"certifiedOn\":\"2016-10-01\"}", HttpStatus.CONFLICT,
                "withholding-already-released");
        assertThat(twice.get("withholdingId").asString()).isEqualTo("migration-cert");
        api.problem("POST", "/api/v1/appropriations/2019/certifications",
                "{\"withholdingId\":\"no-such-cert\",\"certifiedOn\":\"2016-10-01\"}", HttpStatus.NOT_FOUND,
                "not-found");
        assertThat(api.get("/api/v1/appropriations/2019").get("available").decimalValue())
                .isEqualByComparingTo("375000000.00");

        api.allocate(2019, "SV", "HUMAN_CAPITAL", "300000000.00");
        JsonNode afterGovernance = api.certify(2019, "governance-cert", "2016-12-15");
        assertThat(afterGovernance.get("withheld").decimalValue()).isEqualByComparingTo("0");
        assertThat(afterGovernance.get("released").decimalValue()).isEqualByComparingTo("562500000.00");
        assertThat(afterGovernance.get("allocated").decimalValue()).isEqualByComparingTo("300000000.00");
        assertThat(afterGovernance.get("available").decimalValue()).isEqualByComparingTo("450000000.00");

        JsonNode listed = api.get("/api/v1/appropriations").valueStream()
                .filter(a -> a.get("fiscalYear").asInt() == 2019).findFirst().orElseThrow();
        assertThat(Api.map(listed)).isEqualTo(Api.map(api.get("/api/v1/appropriations/2019")));
        assertThat(listed.get("enacted").decimalValue()).isEqualByComparingTo("750000000.00");
        assertThat(listed.get("requested").isNull()).isTrue();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(types(topics.eventsAbout("2019")))
                .containsExactly(AppropriationEnacted.class, WithholdingReleased.class, AllocationMade.class,
                        WithholdingReleased.class));
        var releases = topics.eventsAbout("2019").stream().map(CloudEvent::data)
                .filter(WithholdingReleased.class::isInstance).map(WithholdingReleased.class::cast).toList();
        assertThat(releases).extracting(WithholdingReleased::withholdingId, WithholdingReleased::amount,
                        WithholdingReleased::certifiedOn)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("migration-cert", new BigDecimal("187500000.00"),
                                LocalDate.parse("2016-09-30")),
                        org.assertj.core.groups.Tuple.tuple("governance-cert", new BigDecimal("375000000.00"),
                                LocalDate.parse("2016-12-15")));
    }

    @Test
    void aStageMovesOnlyForwardAndARepeatPublishesNothing() {
        String requested = "{\"stage\":\"REQUESTED\",\"amount\":460000000.00,\"source\":\"FY2020 budget request\"}";
        api.call("PUT", "/api/v1/appropriations/2020", requested, 201);
        JsonNode repeat = api.call("PUT", "/api/v1/appropriations/2020", requested, 200);
        assertThat(repeat.get("stage").asString()).isEqualTo("REQUESTED");
        assertThat(repeat.get("available").decimalValue()).isEqualByComparingTo("0");

        String enacted = "{\"stage\":\"ENACTED\",\"amount\":450000000.00,\"source\":\"FY2020 act\"}";
        JsonNode view = api.call("PUT", "/api/v1/appropriations/2020", enacted, 200);
        assertThat(view.get("requested").decimalValue()).isEqualByComparingTo("460000000.00");
        assertThat(view.get("enacted").decimalValue()).isEqualByComparingTo("450000000.00");
        assertThat(view.get("available").decimalValue()).isEqualByComparingTo("450000000.00");
        api.call("PUT", "/api/v1/appropriations/2020", enacted, 200);

        JsonNode regression = api.problem("PUT", "/api/v1/appropriations/2020", requested, HttpStatus.CONFLICT,
                "stage-regression");
        assertThat(regression.get("stage").asString()).isEqualTo("ENACTED");
        assertThat(api.get("/api/v1/appropriations/2020").get("stage").asString()).isEqualTo("ENACTED");

        // a restatement of the enactment is a new event, never a silent overwrite
        api.call("PUT", "/api/v1/appropriations/2020",
                "{\"stage\":\"ENACTED\",\"amount\":455000000.00,\"source\":\"FY2020 act, restated\"}", 200);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(types(topics.eventsAbout("2020")))
                .containsExactly(AppropriationRequested.class, AppropriationEnacted.class, AppropriationEnacted.class));
    }

    @Test
    void aCertificationBeforeEnactmentCountsOnceTheAppropriationIsEnacted() {
        String withholding = "[{\"id\":\"cert-a\",\"percent\":40,\"condition\":\"Certification A\"}]";
        api.call("PUT", "/api/v1/appropriations/2021", """
                {"stage":"REQUESTED","amount":100000000.00,"source":"Request","withholdings":%s}"""
                .formatted(withholding), 201);
        JsonNode certified = api.certify(2021, "cert-a", "2020-11-30");
        assertThat(certified.get("released").decimalValue()).isEqualByComparingTo("40000000.00");
        assertThat(certified.get("available").decimalValue()).isEqualByComparingTo("0");

        JsonNode enacted = api.call("PUT", "/api/v1/appropriations/2021", """
                {"stage":"ENACTED","amount":100000000.00,"source":"Act","withholdings":%s}"""
                .formatted(withholding), 200);
        assertThat(enacted.get("withheld").decimalValue()).isEqualByComparingTo("0");
        assertThat(enacted.get("available").decimalValue()).isEqualByComparingTo("100000000.00");

        // an enactment restated below what is already allocated is refused and changes nothing
        api.allocate(2021, "HN", "INSTITUTIONS", "90000000.00");
        api.problem("PUT", "/api/v1/appropriations/2021", """
                {"stage":"ENACTED","amount":80000000.00,"source":"Act","withholdings":%s}""".formatted(withholding),
                HttpStatus.CONFLICT, "withholding-already-released");
        api.problem("PUT", "/api/v1/appropriations/2021",
                "{\"stage\":\"ENACTED\",\"amount\":80000000.00,\"source\":\"Act\",\"withholdings\":[]}",
                HttpStatus.CONFLICT, "withholding-already-released");
        JsonNode unchanged = api.get("/api/v1/appropriations/2021");
        assertThat(unchanged.get("enacted").decimalValue()).isEqualByComparingTo("100000000.00");
        assertThat(unchanged.get("available").decimalValue()).isEqualByComparingTo("10000000.00");
    }

    @Test
    void anEnactmentRestatedBelowWhatIsAllocatedIsRefused() {
        api.enact(2027, "50000000.00", null);
        api.allocate(2027, "GT", "PRODUCTIVE_SECTOR", "30000000.00");
        JsonNode refused = api.problem("PUT", "/api/v1/appropriations/2027",
                "{\"stage\":\"ENACTED\",\"amount\":29999999.99,\"source\":\"Test act 2027\"}", HttpStatus.CONFLICT,
                "exceeds-available-funds");
        assertThat(refused.get("allocated").decimalValue()).isEqualByComparingTo("30000000.00");
        JsonNode lowered = api.call("PUT", "/api/v1/appropriations/2027",
                "{\"stage\":\"ENACTED\",\"amount\":30000000.00,\"source\":\"Test act 2027\"}", 200);
        assertThat(lowered.get("available").decimalValue()).isEqualByComparingTo("0");
        assertThat(lowered.get("allocated").decimalValue()).isEqualByComparingTo("30000000.00");
    }

    static List<Class<?>> types(List<CloudEvent<AllianceEvent>> events) {
        return events.stream().<Class<?>>map(e -> e.data().getClass()).toList();
    }
}
