package org.alliancetracker.localstack;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.json.JsonMapper;

/**
 * Access tokens of the demo clients of the token issuer's {@code local} profile (DEMO ONLY secrets): a program
 * officer for the budget and one client per agency for disbursements, obtained as any client would, with the OAuth2
 * client-credentials grant.
 */
public final class DemoClients {

    public static final String PROGRAM_OFFICER = "program-officer-demo";
    public static final String OPERATOR = "operator-demo";

    private static final Map<String, String> SCOPES = Map.of(
            PROGRAM_OFFICER, "grants:write reports:read",
            OPERATOR, "admin reports:read",
            "usaid-demo", "disbursements:write",
            "state-inl-demo", "disbursements:write");

    private final Http http = new Http();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String issuer;
    /** A token and when to fetch a new one (a minute before it expires). */
    private record Token(String value, java.time.Instant renewAt) {
        boolean fresh() {
            return java.time.Instant.now().isBefore(renewAt);
        }
    }

    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    public DemoClients(String issuerUrl) {
        this.issuer = issuerUrl;
    }

    /** The demo client acting for an agency, e.g. USAID → usaid-demo. */
    public static String agencyClient(String agency) {
        return agency.toLowerCase(java.util.Locale.ROOT) + "-demo";
    }

    /** The Authorization header value for a demo client (a new token once the last one is about to expire). */
    public String bearer(String clientId) {
        return "Bearer " + tokens.compute(clientId, (id, token) -> token != null && token.fresh() ? token : fetch(id))
                .value();
    }

    private Token fetch(String clientId) {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientId + "-secret")
                .getBytes(StandardCharsets.UTF_8));
        Http.Response response = http.postForm(issuer + "/oauth2/token", "grant_type=client_credentials&scope="
                + URLEncoder.encode(SCOPES.getOrDefault(clientId, ""), StandardCharsets.UTF_8),
                "Authorization", "Basic " + basic);
        if (!response.ok()) {
            throw new IllegalStateException("No token for " + clientId + ": " + response.status() + " " + response.body());
        }
        var answer = json.readTree(response.body());
        long expiresIn = answer.path("expires_in").asLong(300);
        return new Token(answer.get("access_token").asString(),
                java.time.Instant.now().plusSeconds(Math.max(0, expiresIn - 60)));
    }
}
