package org.alliancetracker.platform.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * How the services check callers and bound requests.
 *
 * @param issuerUri           the token issuer ({@code iss} of accepted tokens), e.g. {@code http://localhost:9000}
 * @param jwkSetUri           where its signing keys are published; defaults to {@code <issuer>/oauth2/jwks}
 * @param audience            the {@code aud} every accepted token must carry
 * @param corsAllowedOrigins  origins allowed to call the API from a browser (the dashboard's)
 * @param maxBodySize         largest request body accepted (413 beyond)
 * @param maxStreamedBodySize largest body of the streaming endpoints (bulk upload), which are never buffered whole
 * @param streamedPaths       path patterns of those endpoints
 */
@ConfigurationProperties("alliance.security")
public record ApiSecurityProperties(String issuerUri, String jwkSetUri, String audience,
                                    List<String> corsAllowedOrigins, DataSize maxBodySize,
                                    DataSize maxStreamedBodySize, List<String> streamedPaths) {

    public ApiSecurityProperties {
        issuerUri = issuerUri == null ? "http://localhost:9000" : issuerUri;
        jwkSetUri = jwkSetUri == null ? issuerUri + "/oauth2/jwks" : jwkSetUri;
        audience = audience == null ? "alliance-tracker-api" : audience;
        corsAllowedOrigins = corsAllowedOrigins == null ? List.of("http://localhost:8080") : corsAllowedOrigins;
        maxBodySize = maxBodySize == null ? DataSize.ofKilobytes(256) : maxBodySize;
        maxStreamedBodySize = maxStreamedBodySize == null ? DataSize.ofGigabytes(1) : maxStreamedBodySize;
        streamedPaths = streamedPaths == null ? List.of("/api/v1/disbursements/batch") : streamedPaths;
    }
}
