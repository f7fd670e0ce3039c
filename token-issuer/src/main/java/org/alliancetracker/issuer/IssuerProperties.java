package org.alliancetracker.issuer;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The clients this issuer knows, by client id.
 *
 * @param audience       the {@code aud} of every token: the Alliance Tracker API
 * @param tokenLifetime  how long an access token is valid
 * @param clients        client id → its secret (encoded, e.g. {@code {bcrypt}…}; {@code {noop}} only for demos),
 *                       scopes and, for agencies, the agency whose grants it may disburse
 */
@ConfigurationProperties("alliance.issuer")
public record IssuerProperties(String audience, Duration tokenLifetime, Map<String, Client> clients) {

    public IssuerProperties {
        audience = audience == null ? "alliance-tracker-api" : audience;
        tokenLifetime = tokenLifetime == null ? Duration.ofMinutes(15) : tokenLifetime;
        clients = clients == null ? Map.of() : Map.copyOf(clients);
    }

    public record Client(String secret, List<String> scopes, String agency) {

        public Client {
            scopes = scopes == null ? List.of() : List.copyOf(scopes);
        }
    }
}
