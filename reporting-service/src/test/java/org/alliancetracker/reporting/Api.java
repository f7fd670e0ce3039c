package org.alliancetracker.reporting;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.alliancetracker.events.EventCodec;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the API's JSON exactly: decimals as {@link BigDecimal} with their scale, never through a double. */
public final class Api {

    public static final JsonMapper JSON = EventCodec.contractMapper();

    private final WebTestClient http;

    public Api(WebTestClient http) {
        this.http = http;
    }

    public JsonNode get(String uri) {
        byte[] body = http.get().uri(uri).exchange().expectStatus().isOk().expectBody().returnResult()
                .getResponseBodyContent();
        return JSON.readTree(body);
    }

    public static JsonNode parse(String json) {
        return JSON.readTree(json);
    }

    /** A money figure exactly as written, e.g. {@code "750000.00"}; {@code null} for JSON null or absent. */
    public static String money(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.decimalValue().toPlainString();
    }

    /** The entry of a breakdown list ({@code byFiscalYear}, {@code byPillar}, …) with this key, or null. */
    public static JsonNode entry(JsonNode view, String list, String key) {
        if (view == null || view.get(list) == null) {
            return null;
        }
        for (JsonNode item : view.get(list)) {
            if (key.equals(item.get("key").asString())) {
                return item;
            }
        }
        return null;
    }

    public static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode item : array) {
            if (item.get(field) != null && value.equals(item.get(field).asString())) {
                return item;
            }
        }
        return null;
    }

    public static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    public static BigDecimal decimal(String value) {
        return new BigDecimal(value);
    }
}
