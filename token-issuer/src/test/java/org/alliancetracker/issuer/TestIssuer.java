package org.alliancetracker.issuer;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.springframework.context.ConfigurableApplicationContext;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The real token issuer, started once per test JVM on a free port with the demo and test clients (profiles
 * {@code local} and {@code test}):
 * services under test validate tokens against its JWKS. It hands out genuine client-credentials tokens, and forges
 * the bad ones a test needs (expired, wrong audience, foreign signature) with the issuer's own key or a stranger's.
 */
public final class TestIssuer {

    public static final String AUDIENCE = "alliance-tracker-api";

    private static TestIssuer instance;

    private final ConfigurableApplicationContext context;
    private final String issuerUri;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    private TestIssuer(ConfigurableApplicationContext context, String issuerUri) {
        this.context = context;
        this.issuerUri = issuerUri;
    }

    public static synchronized TestIssuer get() {
        if (instance == null) {
            int port = freePort();
            String issuer = "http://localhost:" + port;
            ConfigurableApplicationContext context = TokenIssuerApplication.application().run(
                    "--server.port=" + port, "--spring.profiles.active=local,test",
                    "--spring.security.oauth2.authorizationserver.issuer=" + issuer,
                    "--alliance.issuer.token-lifetime=1h", "--logging.level.root=WARN");
            instance = new TestIssuer(context, issuer);
            Runtime.getRuntime().addShutdownHook(new Thread(context::close, "test-issuer-shutdown"));
        }
        return instance;
    }

    public String issuerUri() {
        return issuerUri;
    }

    /** Points a resource server at this issuer. */
    public Map<String, String> springProperties() {
        return Map.of("alliance.security.issuer-uri", issuerUri,
                "alliance.security.jwk-set-uri", issuerUri + "/oauth2/jwks",
                "alliance.security.audience", AUDIENCE);
    }

    /** A genuine access token for a test client (secret "<id>-secret"), with all its scopes; cached. */
    public String token(String clientId) {
        return tokens.computeIfAbsent(clientId, this::fetch);
    }

    /** "Bearer …" for a test client. */
    public String bearer(String clientId) {
        return "Bearer " + token(clientId);
    }

    private String fetch(String clientId) {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientId + "-secret")
                .getBytes(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(issuerUri + "/oauth2/token"))
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope="
                            + java.net.URLEncoder.encode(String.join(" ", scopesOf(clientId)), StandardCharsets.UTF_8)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Token for " + clientId + ": " + response.statusCode() + " "
                        + response.body());
            }
            String body = response.body();
            int start = body.indexOf("\"access_token\":\"") + 16;
            return body.substring(start, body.indexOf('"', start));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The scopes a test client may ask for (a client-credentials request without scope gets none). */
    private List<String> scopesOf(String clientId) {
        IssuerProperties.Client client = context.getBean(IssuerProperties.class).clients().get(clientId);
        if (client == null) {
            throw new IllegalArgumentException("No test client " + clientId);
        }
        return client.scopes();
    }

    /**
     * A token signed with the issuer's own key, valid unless {@code adjust} makes it otherwise: starts with the claims
     * of a valid token (this issuer, the API audience, 10 minutes, the given scopes and agency).
     */
    public String forge(List<String> scopes, String agency, Consumer<JWTClaimsSet.Builder> adjust) {
        return sign(issuerKey(), claims(scopes, agency, adjust));
    }

    /** The same claims signed by a key the issuer never published. */
    public String forgeWithForeignKey(List<String> scopes, String agency) {
        try {
            return sign(new RSAKeyGenerator(2048).keyID(issuerKey().getKeyID()).generate(),
                    claims(scopes, agency, b -> { }));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private JWTClaimsSet claims(List<String> scopes, String agency, Consumer<JWTClaimsSet.Builder> adjust) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuerUri)
                .subject("forged-client")
                .audience(AUDIENCE)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .jwtID(UUID.randomUUID().toString())
                .claim("scope", scopes);
        if (agency != null) {
            claims.claim("agency", agency);
        }
        adjust.accept(claims);
        return claims.build();
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private RSAKey issuerKey() {
        JWKSource<SecurityContext> source = context.getBean(JWKSource.class);
        try {
            List<JWK> keys = source.get(new JWKSelector(new JWKMatcher.Builder().keyType(KeyType.RSA).build()), null);
            return keys.getFirst().toRSAKey();
        } catch (Exception e) {
            throw new IllegalStateException("No RSA key in the issuer's JWK source", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
