package org.alliancetracker.platform.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.alliancetracker.platform.web.ApiProblem;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * 401 and 403 as {@code application/problem+json}, with the RFC 6750 {@code WWW-Authenticate} header; the body says
 * what is wrong in the caller's terms and never echoes token contents or internal class names.
 */
public class ProblemSecurityResponses implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler,
        ServerExchangeRejectedHandler {

    private final JsonMapper json;

    public ProblemSecurityResponses(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
        boolean tokenGiven = failure instanceof OAuth2AuthenticationException;
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, tokenGiven
                ? "Bearer error=\"invalid_token\", error_description=\"The access token is invalid or expired\""
                : "Bearer");
        return write(exchange, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", tokenGiven
                ? "The bearer token was not accepted: invalid signature, issuer or audience, or expired"
                : "A bearer token is required (OAuth2 client credentials from the token issuer)");
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
                "Bearer error=\"insufficient_scope\"");
        return write(exchange, HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                "The token does not grant the scope this operation needs");
    }

    /**
     * A request the firewall refuses before anything else sees it (an encoded {@code /}, {@code .}, {@code ;} or NUL in
     * the path, a malformed header): 400 as a problem too, not an empty answer.
     */
    @Override
    public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException rejected) {
        return write(exchange, HttpStatus.BAD_REQUEST, "rejected-request", "Request rejected",
                "The request was rejected: its path or headers contain characters this API does not accept");
    }

    private Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(ApiProblem.TYPE_PREFIX + slug));
        problem.setTitle(title);
        try {
            problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        } catch (IllegalArgumentException notAUri) {
            // a path only a rejected request has: leave the instance out
        }
        byte[] body = json.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
        var response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
