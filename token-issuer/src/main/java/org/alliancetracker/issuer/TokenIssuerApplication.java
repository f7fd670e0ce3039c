package org.alliancetracker.issuer;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * token-issuer: a real OAuth2 authorization server (Spring Authorization Server) issuing client-credentials JWTs to
 * agencies (scope {@code disbursements:write} and an {@code agency} claim) and program officers
 * ({@code grants:write}, {@code admin}). The services check the tokens against its JWKS.
 */
@SpringBootApplication
@EnableConfigurationProperties(IssuerProperties.class)
public class TokenIssuerApplication {

    /** Its configuration file is {@code token-issuer.yml}, so it can share a JVM with the services. */
    public static final String CONFIG_NAME = "token-issuer";

    public static void main(String[] args) {
        application().run(args);
    }

    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(TokenIssuerApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }
}
