package org.alliancetracker.grants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.alliancetracker.events.Topics;
import org.alliancetracker.events.appropriation.AllocationMade;
import org.alliancetracker.events.appropriation.AppropriationEnacted;
import org.alliancetracker.events.appropriation.WithholdingReleased;
import org.alliancetracker.events.grant.GrantAwarded;
import org.alliancetracker.events.grant.GrantClosed;
import org.alliancetracker.events.grant.GrantSuspended;
import org.alliancetracker.events.outcome.IndicatorDefined;
import org.alliancetracker.events.outcome.OutcomeMeasured;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;

/**
 * Every malformed body and every rule violation of every endpoint answers {@code application/problem+json} naming
 * the field or the rule, and changes nothing: the state seen through the API is the same before and after, and no
 * event is published for it (checked at the end on the wire, behind a valid change of each aggregate).
 */
@GrantsServiceTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadRequestsIT extends InfrastructureProperties {

    static final int YEAR = 2023;
    static final String APPROPRIATION = """
            {"stage":"ENACTED","amount":1000000.00,"source":"Test act 2023","withholdings":[
             {"id":"w-held","percent":10,"condition":"Certification still due"},
             {"id":"w-done","percent":5,"condition":"Certification made"}]}""";
    static final String INDICATOR = """
            {"id":"REJ-IND","country":"GT","kind":"CONTEXT","name":"Homicides per 100,000","unit":"per 100,000",
             "ascending":false,"baseline":{"period":"2015","value":29.5},"targets":[{"period":"2019","value":20}]}""";
    static final String GRANT = """
            {"id":"REJ-G","allocationId":"%s","agency":"USAID","title":"Rejected grant","obligatedAmount":1000.00,
             "startDate":"2016-03-01","endDate":"2019-02-28"}""";

    static String allocation;
    TopicRecorder topics;

    @Autowired
    WebTestClient http;

    @BeforeAll
    void setUp() {
        topics = TopicRecorder.start(SharedTestInfrastructure.get().kafkaBootstrapServers(),
                Topics.APPROPRIATIONS, Topics.GRANTS, Topics.OUTCOMES);
        Api api = new Api(http);
        api.call("PUT", "/api/v1/appropriations/" + YEAR, APPROPRIATION, 201);
        api.certify(YEAR, "w-done", "2016-09-30");
        allocation = api.allocate(YEAR, "GT", "HUMAN_CAPITAL", "500000.00");
        api.award("BAD-G1", allocation, "100000.00");
        api.award("BAD-GC", allocation, "50000.00");
        api.transition("BAD-GC", "closure", 200);
        api.call("POST", "/api/v1/indicators", INDICATOR.replace("REJ-IND", "BAD-IND"), 201);
    }

    @AfterAll
    void stopRecording() {
        topics.close();
    }

    static Stream<Arguments> badRequests() {
        List<Arguments> cases = new ArrayList<>();
        String put = "/api/v1/appropriations/" + YEAR;
        // appropriations
        cases.add(bad("PUT", put, APPROPRIATION.replace("\"ENACTED\"", "\"PASSED\""), 400, "malformed-request", "stage"));
        cases.add(bad("PUT", put, APPROPRIATION.replace("\"ENACTED\"", "1"), 400, "malformed-request", "stage"));
        cases.add(bad("PUT", put, APPROPRIATION.replace("1000000.00", "-5.00"), 422, "invalid-request", "amount"));
        cases.add(bad("PUT", put, APPROPRIATION.replace("1000000.00", "0"), 422, "invalid-request", "amount"));
        cases.add(bad("PUT", put, APPROPRIATION.replace("1000000.00", "1000000.001"), 422, "invalid-request", "amount"));
        cases.add(bad("PUT", put, APPROPRIATION.replace("1000000.00", "\"1000000.00\""), 400, "malformed-request", "amount"));
        cases.add(bad("PUT", put, APPROPRIATION.replace("1000000.00", "1E14"), 422, "invalid-request", "amount"));
        cases.add(bad("PUT", put, APPROPRIATION.replace("{\"stage\"", "{\"extra\":1,\"stage\""), 400, "malformed-request", "extra"));
        cases.add(bad("PUT", put, APPROPRIATION.replace("\"stage\":\"ENACTED\",", ""), 422, "invalid-request", "stage"));
        cases.add(bad("PUT", put, APPROPRIATION.replace("\"amount\":1000000.00,", ""), 422, "invalid-request", "amount"));
        cases.add(bad("PUT", put, APPROPRIATION.replace("\"source\":\"Test act 2023\",", ""), 422, "invalid-request", "source"));
        cases.add(bad("PUT", put, APPROPRIATION.replace("\"percent\":10", "\"percent\":101"), 422, "invalid-request", "withholdings[0].percent"));
        cases.add(bad("PUT", put, APPROPRIATION.replace("\"percent\":10", "\"percent\":-1"), 422, "invalid-request", "withholdings[0].percent"));
        cases.add(bad("PUT", put, APPROPRIATION.replace("\"percent\":10", "\"percent\":10.001"), 422, "invalid-request", "withholdings[0].percent"));
        cases.add(bad("PUT", put, APPROPRIATION.replace("\"percent\":10", "\"percent\":96"), 422, "invalid-request", "withholdings"));
        cases.add(bad("PUT", put, APPROPRIATION.replace("\"w-held\"", "\"w held\""), 422, "invalid-request", "withholdings[0].id"));
        cases.add(bad("PUT", put, APPROPRIATION.replace("\"w-held\"", "\"w-done\""), 422, "invalid-request", "withholdings[1].id"));
        cases.add(bad("PUT", put, APPROPRIATION.replace("\"stage\":\"ENACTED\"", "\"stage\":\"ENACTED\",\"stage\":\"REQUESTED\""), 400, "malformed-request", null));
        cases.add(bad("PUT", put, "{", 400, "malformed-request", null));
        cases.add(bad("PUT", put, "", 400, "malformed-request", null));
        cases.add(bad("PUT", "/api/v1/appropriations/2014", APPROPRIATION, 422, "invalid-request", "fiscalYear"));
        cases.add(bad("PUT", "/api/v1/appropriations/2031", APPROPRIATION, 422, "invalid-request", "fiscalYear"));
        cases.add(bad("PUT", "/api/v1/appropriations/FY2023", APPROPRIATION, 400, "invalid-parameter", "fiscalYear"));
        cases.add(bad("PUT", put, APPROPRIATION.replace("\"ENACTED\"", "\"REQUESTED\""), 409, "stage-regression", null));
        cases.add(bad("PUT", put, APPROPRIATION.replace("\"percent\":5", "\"percent\":6"), 409, "withholding-already-released", null));
        cases.add(bad("PUT", put, APPROPRIATION.replace("1000000.00", "500000.00"), 409, "withholding-already-released", null));
        cases.add(bad("GET", "/api/v1/appropriations/2031", null, 422, "invalid-request", "fiscalYear"));
        // certifications
        String certify = put + "/certifications";
        String certification = "{\"withholdingId\":\"w-held\",\"certifiedOn\":\"2016-09-30\",\"note\":\"n\"}";
        cases.add(bad("POST", certify, certification.replace("\"withholdingId\":\"w-held\",", ""), 422, "invalid-request", "withholdingId"));
        cases.add(bad("POST", certify, certification.replace("2016-09-30", "30/09/2016"), 400, "malformed-request", "certifiedOn"));
        cases.add(bad("POST", certify, certification.replace("\"certifiedOn\":\"2016-09-30\",", ""), 422, "invalid-request", "certifiedOn"));
        cases.add(bad("POST", certify, certification.replace("\"note\"", "\"notes\""), 400, "malformed-request", "notes"));
        cases.add(bad("POST", certify, certification.replace("\"n\"", "\"" + "n".repeat(501) + "\""), 422, "invalid-request", "note"));
        cases.add(bad("POST", certify, certification.replace("w-held", "w-unknown"), 404, "not-found", null));
        cases.add(bad("POST", certify, certification.replace("w-held", "w-done"), 409, "withholding-already-released", null));
        cases.add(bad("POST", "/api/v1/appropriations/2014/certifications", certification, 422, "invalid-request", "fiscalYear"));
        cases.add(bad("POST", "/api/v1/appropriations/2029/certifications", certification, 404, "not-found", null));
        // allocations
        String allocations = "/api/v1/allocations";
        String alloc = Api.allocationBody(YEAR, "GT", "HUMAN_CAPITAL", "1000.00");
        cases.add(bad("POST", allocations, alloc.replace("\"GT\"", "\"MX\""), 400, "malformed-request", "country"));
        cases.add(bad("POST", allocations, alloc.replace("\"GT\"", "\"gt\""), 400, "malformed-request", "country"));
        cases.add(bad("POST", allocations, alloc.replace("HUMAN_CAPITAL", "HEALTH"), 400, "malformed-request", "pillar"));
        cases.add(bad("POST", allocations, alloc.replace("1000.00", "-1000.00"), 422, "invalid-request", "amount"));
        cases.add(bad("POST", allocations, alloc.replace("1000.00", "0.00"), 422, "invalid-request", "amount"));
        cases.add(bad("POST", allocations, alloc.replace("1000.00", "1000.005"), 422, "invalid-request", "amount"));
        cases.add(bad("POST", allocations, alloc.replace("2023", "2014"), 422, "invalid-request", "fiscalYear"));
        cases.add(bad("POST", allocations, alloc.replace("2023", "2031"), 422, "invalid-request", "fiscalYear"));
        cases.add(bad("POST", allocations, alloc.replace("2023", "\"2023\""), 400, "malformed-request", "fiscalYear"));
        cases.add(bad("POST", allocations, alloc.replace("2023", "2023.5"), 400, "malformed-request", "fiscalYear"));
        cases.add(bad("POST", allocations, alloc.replace("\"country\":\"GT\",", ""), 422, "invalid-request", "country"));
        cases.add(bad("POST", allocations, alloc.replace(",\"amount\":1000.00", ""), 422, "invalid-request", "amount"));
        cases.add(bad("POST", allocations, alloc.replace("{", "{\"note\":\"x\","), 400, "malformed-request", "note"));
        cases.add(bad("POST", allocations, alloc.replace("1000.00", "400000.01"), 409, "exceeds-available-funds", null));
        cases.add(bad("POST", allocations, alloc.replace("2023", "2029"), 409, "appropriation-not-enacted", null));
        cases.add(bad("GET", "/api/v1/allocations?pillar=HEALTH", null, 400, "invalid-parameter", "pillar"));
        cases.add(bad("GET", "/api/v1/allocations/FY2023-GT-HUMAN_CAPITAL-00000000", null, 404, "not-found", null));
        // grants
        String grants = "/api/v1/grants";
        String grant = GRANT.formatted("%ALLOCATION%");
        cases.add(bad("POST", grants, grant.replace("\"id\":\"REJ-G\",", ""), 422, "invalid-request", "id"));
        cases.add(bad("POST", grants, grant.replace("REJ-G", "REJ G"), 422, "invalid-request", "id"));
        cases.add(bad("POST", grants, grant.replace("%ALLOCATION%", "FY2023-GT-HUMAN_CAPITAL-00000000"), 404, "not-found", null));
        cases.add(bad("POST", grants, grant.replace("%ALLOCATION%", "no-such-allocation"), 404, "not-found", null));
        cases.add(bad("POST", grants, grant.replace("1000.00", "350000.01").replace("REJ-G", "REJ-G-BIG"), 409, "exceeds-allocation", null));
        cases.add(bad("POST", grants, grant.replace("2019-02-28", "2016-02-28"), 422, "invalid-request", "endDate"));
        cases.add(bad("POST", grants, grant.replace("USAID", "usaid"), 422, "invalid-request", "agency"));
        cases.add(bad("POST", grants, grant.replace("2016-03-01", "2016-02-30"), 400, "malformed-request", "startDate"));
        cases.add(bad("POST", grants, grant.replace("1000.00", "1000.001"), 422, "invalid-request", "obligatedAmount"));
        cases.add(bad("POST", grants, grant.replace("1000.00", "-1000.00"), 422, "invalid-request", "obligatedAmount"));
        cases.add(bad("POST", grants, grant.replace("\"title\"", "\"name\""), 400, "malformed-request", "name"));
        cases.add(bad("POST", grants, grant.replace("REJ-G", "BAD-G1"), 409, "grant-exists", null));
        // amendments
        String amend = "/api/v1/grants/BAD-G1/amendments";
        String amendment = "{\"obligatedAmount\":90000.00,\"reason\":\"Review\"}";
        cases.add(bad("POST", amend, amendment.replace("90000.00", "-1.00"), 422, "invalid-request", "obligatedAmount"));
        cases.add(bad("POST", amend, amendment.replace("90000.00", "0"), 422, "invalid-request", "obligatedAmount"));
        cases.add(bad("POST", amend, amendment.replace("90000.00", "90000.009"), 422, "invalid-request", "obligatedAmount"));
        cases.add(bad("POST", amend, amendment.replace(",\"reason\":\"Review\"", ""), 422, "invalid-request", "reason"));
        cases.add(bad("POST", amend, amendment.replace("\"obligatedAmount\":90000.00,", ""), 422, "invalid-request", "obligatedAmount"));
        cases.add(bad("POST", amend, amendment.replace("{", "{\"change\":-10000.00,"), 400, "malformed-request", "change"));
        cases.add(bad("POST", amend, amendment.replace("}", ",\"amendedOn\":\"2017-13-01\"}"), 400, "malformed-request", "amendedOn"));
        cases.add(bad("POST", amend, amendment.replace("90000.00", "450000.01").replace("}", ",\"amendedOn\":\"2023-06-01\"}"), 409, "exceeds-allocation", null));
        cases.add(bad("POST", "/api/v1/grants/BAD-GC/amendments", amendment.replace("90000.00", "40000.00"), 409, "grant-closed", null));
        cases.add(bad("POST", "/api/v1/grants/REJ-NONE/amendments", amendment, 404, "not-found", null));
        // status transitions
        String reason = "{\"reason\":\"Policy review\",\"effectiveOn\":\"2019-03-30\"}";
        cases.add(bad("POST", "/api/v1/grants/BAD-G1/resumption", reason, 409, "invalid-status-transition", null));
        cases.add(bad("POST", "/api/v1/grants/BAD-GC/suspension", reason, 409, "invalid-status-transition", null));
        cases.add(bad("POST", "/api/v1/grants/BAD-GC/resumption", reason, 409, "invalid-status-transition", null));
        cases.add(bad("POST", "/api/v1/grants/BAD-GC/closure", reason, 409, "invalid-status-transition", null));
        cases.add(bad("POST", "/api/v1/grants/BAD-G1/suspension", "{\"effectiveOn\":\"2019-03-30\"}", 422, "invalid-request", "reason"));
        cases.add(bad("POST", "/api/v1/grants/BAD-G1/suspension", "{\"reason\":\"  \"}", 422, "invalid-request", "reason"));
        cases.add(bad("POST", "/api/v1/grants/BAD-G1/closure", reason.replace("}", ",\"by\":\"me\"}"), 400, "malformed-request", "by"));
        cases.add(bad("POST", "/api/v1/grants/BAD-G1/suspension", reason.replace("2019-03-30", "March 2019"), 400, "malformed-request", "effectiveOn"));
        cases.add(bad("POST", "/api/v1/grants/REJ-NONE/closure", reason, 404, "not-found", null));
        cases.add(bad("GET", "/api/v1/grants?country=CR", null, 400, "invalid-parameter", "country"));
        // indicators
        String indicators = "/api/v1/indicators";
        cases.add(bad("POST", indicators, INDICATOR.replace("\"CONTEXT\"", "\"IMPACT\""), 400, "malformed-request", "kind"));
        cases.add(bad("POST", indicators, INDICATOR.replace("\"CONTEXT\"", "\"PROGRAM\""), 422, "invalid-request", "grantId"));
        cases.add(bad("POST", indicators, INDICATOR.replace("\"CONTEXT\",", "\"CONTEXT\",\"grantId\":\"BAD-G1\","), 422, "invalid-request", "grantId"));
        cases.add(bad("POST", indicators, INDICATOR.replace("\"CONTEXT\",", "\"PROGRAM\",\"grantId\":\"REJ-NONE\","), 404, "not-found", null));
        cases.add(bad("POST", indicators, INDICATOR.replace("\"name\":\"Homicides per 100,000\",", ""), 422, "invalid-request", "name"));
        cases.add(bad("POST", indicators, INDICATOR.replace("\"ascending\":false,", ""), 422, "invalid-request", "ascending"));
        cases.add(bad("POST", indicators, INDICATOR.replace("\"ascending\":false", "\"ascending\":\"no\""), 400, "malformed-request", "ascending"));
        cases.add(bad("POST", indicators, INDICATOR.replace("\"2015\"", "\"15\""), 422, "invalid-request", "baseline.period"));
        cases.add(bad("POST", indicators, INDICATOR.replace("29.5", "\"29.5\""), 400, "malformed-request", "baseline.value"));
        cases.add(bad("POST", indicators, INDICATOR.replace("\"value\":20}]", "\"value\":20},{\"period\":\"2019\",\"value\":15}]"), 422, "invalid-request", "targets[1].period"));
        cases.add(bad("POST", indicators, INDICATOR.replace("\"GT\"", "\"PA\""), 400, "malformed-request", "country"));
        cases.add(bad("POST", indicators, INDICATOR.replace("\"unit\"", "\"units\""), 400, "malformed-request", "units"));
        cases.add(bad("POST", indicators, INDICATOR.replace("REJ-IND", "REJ/IND"), 422, "invalid-request", "id"));
        cases.add(bad("POST", indicators, INDICATOR.replace("REJ-IND", "BAD-IND").replace("29.5", "30"), 409, "indicator-exists", null));
        // measurements
        String measure = "/api/v1/indicators/BAD-IND/measurements";
        String measurement = "{\"period\":\"2017\",\"value\":26.1,\"source\":\"Police count\"}";
        cases.add(bad("POST", measure, measurement.replace("\"period\":\"2017\",", ""), 422, "invalid-request", "period"));
        cases.add(bad("POST", measure, measurement.replace("2017", "2017-Q5"), 422, "invalid-request", "period"));
        cases.add(bad("POST", measure, measurement.replace("\"value\":26.1,", ""), 422, "invalid-request", "value"));
        cases.add(bad("POST", measure, measurement.replace("26.1", "\"26.1\""), 400, "malformed-request", "value"));
        cases.add(bad("POST", measure, measurement.replace(",\"source\":\"Police count\"", ""), 422, "invalid-request", "source"));
        cases.add(bad("POST", measure, measurement.replace("}", ",\"unit\":\"%\"}"), 400, "malformed-request", "unit"));
        cases.add(bad("POST", "/api/v1/indicators/REJ-NONE/measurements", measurement, 404, "not-found", null));
        return cases.stream();
    }

    private static Arguments bad(String method, String uri, String body, int status, String slug, String field) {
        String name = method + " " + uri + " -> " + status + " " + slug + (field == null ? "" : " (" + field + ")");
        return Arguments.argumentSet(name, method, uri, body, status, slug, field);
    }

    @Order(1)
    @ParameterizedTest
    @MethodSource("badRequests")
    void isAProblemNamingTheFieldOrRuleAndChangesNothing(String method, String uri, String body, int status,
                                                          String slug, String field) {
        Api api = new Api(http);
        String before = state(api);

        JsonNode problem = api.problem(method, uri, body == null ? null : body.replace("%ALLOCATION%", allocation),
                HttpStatus.valueOf(status), slug);
        assertThat(problem.path("detail").asString()).isNotBlank();
        if (field != null) {
            assertThat(problem.get("errors").valueStream().map(e -> e.get("field").asString()).toList())
                    .contains(field);
            assertThat(problem.get("detail").asString()).contains(field);
        }
        assertThat(problem.toString()).doesNotContain("Exception", "org.alliancetracker", "tools.jackson");

        assertThat(state(api)).isEqualTo(before);
    }

    @Order(2)
    @Test
    void noRejectedRequestPublishedAnEvent() {
        Api api = new Api(http);
        // a valid change of each aggregate, behind anything a rejected request might have queued for it
        api.allocate(YEAR, "SV", "INSTITUTIONS", "1.00");
        api.transition("BAD-G1", "suspension", 200);
        api.call("POST", "/api/v1/indicators/BAD-IND/measurements",
                "{\"period\":\"2017\",\"value\":26.1,\"source\":\"Police count\"}", 201);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(AppropriationLifecycleIT.types(topics.eventsAbout(Integer.toString(YEAR)))).containsExactly(
                    AppropriationEnacted.class, WithholdingReleased.class, AllocationMade.class, AllocationMade.class);
            assertThat(AppropriationLifecycleIT.types(topics.eventsAbout("BAD-G1")))
                    .containsExactly(GrantAwarded.class, GrantSuspended.class);
            assertThat(AppropriationLifecycleIT.types(topics.eventsAbout("BAD-IND")))
                    .containsExactly(IndicatorDefined.class, OutcomeMeasured.class);
        });
        assertThat(AppropriationLifecycleIT.types(topics.eventsAbout("BAD-GC")))
                .containsExactly(GrantAwarded.class, GrantClosed.class);
        assertThat(topics.events(e -> e.subject().startsWith("REJ") || e.subject().equals("2029")
                || e.subject().equals("2014") || e.subject().equals("2031"))).isEmpty();
        api.send("GET", "/api/v1/appropriations/2029", null).expectStatus().isNotFound();
        api.send("GET", "/api/v1/indicators/REJ-IND", null).expectStatus().isNotFound();
        api.send("GET", "/api/v1/grants/REJ-G-BIG", null).expectStatus().isNotFound();
    }

    /** Everything the rejected requests could have touched, as the API shows it. */
    private static String state(Api api) {
        return Stream.of("/api/v1/appropriations", "/api/v1/allocations?fiscalYear=" + YEAR,
                        "/api/v1/grants?fiscalYear=" + YEAR, "/api/v1/indicators")
                .map(uri -> api.get(uri).toString())
                .reduce("", (a, b) -> a + "\n" + b);
    }
}
