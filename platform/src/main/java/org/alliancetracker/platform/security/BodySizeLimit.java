package org.alliancetracker.platform.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.alliancetracker.platform.web.ApiProblem;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses a request whose declared {@code Content-Length} exceeds the limit with 413 before reading it. Bodies
 * without a length (chunked) are bounded by the codecs' in-memory limit ({@code spring.codec.max-in-memory-size}),
 * which also answers 413; the streaming endpoints have their own, larger limit and bound each line.
 */
public class BodySizeLimit implements WebFilter, Ordered {

    private final DataSize limit;
    private final DataSize streamedLimit;
    private final java.util.List<PathPattern> streamedPaths;
    private final JsonMapper json;

    public BodySizeLimit(ApiSecurityProperties properties, JsonMapper json) {
        this.limit = properties.maxBodySize();
        this.streamedLimit = properties.maxStreamedBodySize();
        this.streamedPaths = properties.streamedPaths().stream().map(PathPatternParser.defaultInstance::parse).toList();
        this.json = json;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long length = exchange.getRequest().getHeaders().getContentLength();
        boolean streamed = streamedPaths.stream().anyMatch(p -> p.matches(exchange.getRequest().getPath().pathWithinApplication()));
        DataSize applicable = streamed ? streamedLimit : limit;
        if (length > applicable.toBytes()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                    "The request body of " + length + " bytes exceeds the limit of " + applicable.toBytes()
                            + " bytes for this endpoint");
            problem.setType(URI.create(ApiProblem.TYPE_PREFIX + "payload-too-large"));
            problem.setTitle("Request body too large");
            var response = exchange.getResponse();
            response.setStatusCode(HttpStatus.CONTENT_TOO_LARGE);
            response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            response.getHeaders().setConnection("close");
            byte[] body = json.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
            return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
