package org.alliancetracker.localstack;

import org.alliancetracker.issuer.TokenIssuerApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** The OAuth2 token issuer of the local stack: the demo clients ({@code local} profile, DEMO ONLY secrets). */
final class TokenIssuer implements AutoCloseable {

    static final int DEFAULT_PORT = 9000;

    private final ConfigurableApplicationContext context;
    private final String url;

    private TokenIssuer(ConfigurableApplicationContext context, String url) {
        this.context = context;
        this.url = url;
    }

    static TokenIssuer start(int port) {
        String url = "http://localhost:" + port;
        return new TokenIssuer(ServiceLogNames.starting("token-issuer", TokenIssuerApplication.class.getPackageName(),
                () -> TokenIssuerApplication.application().run("--server.port=" + port, "--spring.profiles.active=local",
                        "--spring.security.oauth2.authorizationserver.issuer=" + url)), url);
    }

    String url() {
        return url;
    }

    /** What a service needs to check this issuer's tokens. */
    static java.util.List<String> serviceArgs(String issuerUrl) {
        return java.util.List.of("--alliance.security.issuer-uri=" + issuerUrl,
                "--alliance.security.jwk-set-uri=" + issuerUrl + "/oauth2/jwks");
    }

    @Override
    public void close() {
        context.close();
    }
}
