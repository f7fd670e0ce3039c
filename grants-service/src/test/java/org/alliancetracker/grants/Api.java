package org.alliancetracker.grants;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The grants-service API as a test drives it: JSON strings in, status checked, JSON trees out. */
final class Api {

    /** Exact decimals, as a client that cares about cents reads them. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private final WebTestClient http;

    Api(WebTestClient http) {
        this.http = http;
    }

    WebTestClient.ResponseSpec send(String method, String uri, String body) {
        var request = http.method(org.springframework.http.HttpMethod.valueOf(method)).uri(uri);
        return body == null ? request.exchange()
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    /** Sends and expects {@code status}; returns the body as a tree. */
    JsonNode call(String method, String uri, String body, int status) {
        byte[] response = send(method, uri, body).expectStatus().isEqualTo(status)
                .expectBody().returnResult().getResponseBody();
        return response == null ? tools.jackson.databind.node.NullNode.getInstance() : JSON.readTree(response);
    }

    JsonNode get(String uri) {
        return call("GET", uri, null, 200);
    }

    /** A problem+json answer with this status and type slug. */
    JsonNode problem(String method, String uri, String body, HttpStatus status, String slug) {
        var result = send(method, uri, body).expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().returnResult();
        JsonNode problem = JSON.readTree(result.getResponseBody());
        assertThat(problem.path("type").asString()).isEqualTo("/problems/" + slug);
        assertThat(problem.path("status").asInt()).isEqualTo(status.value());
        return problem;
    }

    JsonNode enact(int fiscalYear, String amount, String withholdingsJson) {
        return call("PUT", "/api/v1/appropriations/" + fiscalYear, """
                {"stage":"ENACTED","amount":%s,"source":"Test act %d","withholdings":%s}"""
                .formatted(amount, fiscalYear, withholdingsJson == null ? "[]" : withholdingsJson), 201);
    }

    JsonNode certify(int fiscalYear, String withholdingId, String certifiedOn) {
        return call("POST", "/api/v1/appropriations/" + fiscalYear + "/certifications", """
                {"withholdingId":"%s","certifiedOn":"%s","note":"Certified"}""".formatted(withholdingId, certifiedOn),
                200);
    }

    String allocate(int fiscalYear, String country, String pillar, String amount) {
        return call("POST", "/api/v1/allocations", allocationBody(fiscalYear, country, pillar, amount), 201)
                .get("id").asString();
    }

    /** Dated in the fiscal year itself, so the year's funds are still available whatever today is. */
    static String allocationBody(int fiscalYear, String country, String pillar, String amount) {
        return """
                {"fiscalYear":%d,"country":"%s","pillar":"%s","amount":%s,"allocatedOn":"%d-01-15"}"""
                .formatted(fiscalYear, country, pillar, amount, fiscalYear);
    }

    JsonNode award(String grantId, String allocationId, String amount) {
        return call("POST", "/api/v1/grants", grantBody(grantId, allocationId, amount), 201);
    }

    static String grantBody(String grantId, String allocationId, String amount) {
        return """
                {"id":"%s","allocationId":"%s","agency":"USAID","title":"Test grant %s","obligatedAmount":%s,
                 "startDate":"2016-03-01","endDate":"2019-02-28"}""".formatted(grantId, allocationId, grantId, amount);
    }

    JsonNode amend(String grantId, String total, int status) {
        return call("POST", "/api/v1/grants/" + grantId + "/amendments", """
                {"obligatedAmount":%s,"reason":"Test amendment","amendedOn":"2017-10-02"}""".formatted(total), status);
    }

    JsonNode transition(String grantId, String transition, int status) {
        return call("POST", "/api/v1/grants/" + grantId + "/" + transition, """
                {"reason":"Test %s","effectiveOn":"2019-03-30"}""".formatted(transition), status);
    }

    static Map<String, Object> map(JsonNode node) {
        return JSON.convertValue(node, Map.class);
    }

    static List<String> texts(JsonNode array, String field) {
        return array.valueStream().map(n -> n.path(field).asString()).toList();
    }
}
