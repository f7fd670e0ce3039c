package org.alliancetracker.issuer;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.WebTestClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;

/**
 * Gives a service's auto-configured WebTestClient a genuine bearer token of the test client named by
 * {@code alliance.test.default-client} (default {@code test-officer}), so tests that are about something else than
 * security call the API as a legitimate client would. Security tests override the header per request.
 */
@TestConfiguration(proxyBeanMethods = false)
public class DefaultBearerToken {

    @Bean
    WebTestClientBuilderCustomizer defaultBearerToken(Environment environment) {
        String client = environment.getProperty("alliance.test.default-client", "test-officer");
        return builder -> builder.defaultHeader(HttpHeaders.AUTHORIZATION, TestIssuer.get().bearer(client));
    }
}
