package org.alliancetracker.platform.security;

import java.util.Optional;

import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import reactor.core.publisher.Mono;

/** Who is calling: the verified claims of the request's bearer token. */
public final class Callers {

    /** The claim naming the agency an agency client acts for. */
    public static final String AGENCY_CLAIM = "agency";

    private Callers() {
    }

    /** The agency of the caller, empty when the token names none (a program officer, an operator). */
    public static Mono<Optional<String>> agency() {
        return ReactiveSecurityContextHolder.getContext()
                .map(context -> Optional.ofNullable(context.getAuthentication())
                        .filter(JwtAuthenticationToken.class::isInstance)
                        .map(a -> ((JwtAuthenticationToken) a).getToken())
                        .map(Jwt.class::cast)
                        .map(jwt -> jwt.getClaimAsString(AGENCY_CLAIM)))
                .defaultIfEmpty(Optional.empty());
    }
}
