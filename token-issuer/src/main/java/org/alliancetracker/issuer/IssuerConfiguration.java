package org.alliancetracker.issuer;

import java.util.List;
import java.util.UUID;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;

@Configuration(proxyBeanMethods = false)
class IssuerConfiguration {

    /** The OAuth2 endpoints (token, JWKS, metadata); clients authenticate with their secret. */
    @Bean
    @Order(1)
    SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
        http.oauth2AuthorizationServer(server -> http.securityMatcher(server.getEndpointsMatcher()))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated());
        return http.build();
    }

    /** Everything else: health for the orchestrator, nothing more. */
    @Bean
    @Order(2)
    SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .anyRequest().denyAll())
                .httpBasic(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    RegisteredClientRepository registeredClients(IssuerProperties properties) {
        List<RegisteredClient> clients = properties.clients().entrySet().stream()
                .map(entry -> RegisteredClient.withId(UUID.nameUUIDFromBytes(entry.getKey().getBytes()).toString())
                        .clientId(entry.getKey())
                        .clientSecret(entry.getValue().secret())
                        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                        .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                        .scopes(scopes -> scopes.addAll(entry.getValue().scopes()))
                        .tokenSettings(TokenSettings.builder()
                                .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
                                .accessTokenTimeToLive(properties.tokenLifetime())
                                .build())
                        .build())
                .toList();
        if (clients.isEmpty()) {
            throw new IllegalStateException("No OAuth2 clients configured (alliance.issuer.clients.*); "
                    + "run with the 'local' profile for the demo clients");
        }
        return new InMemoryRegisteredClientRepository(clients);
    }

    /** Every access token is for the Alliance Tracker API and names the agency of an agency client. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> allianceClaims(IssuerProperties properties) {
        return context -> {
            context.getClaims().audience(List.of(properties.audience()));
            IssuerProperties.Client client = properties.clients().get(context.getRegisteredClient().getClientId());
            if (client != null && client.agency() != null) {
                context.getClaims().claim("agency", client.agency());
            }
        };
    }
}
