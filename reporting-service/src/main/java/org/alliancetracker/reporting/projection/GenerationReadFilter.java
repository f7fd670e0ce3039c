package org.alliancetracker.reporting.projection;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * While a rebuild is named, every request reads the generation pointer before its handler picks the generation to
 * read: a request begun after the switch reads the new generation on every instance, never the replaced one (the
 * cached pointer can be a poll interval behind). One find by id per request, only while a rebuild runs.
 */
@Component
class GenerationReadFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(GenerationReadFilter.class);

    private final Generations generations;

    GenerationReadFilter(Generations generations) {
        this.generations = generations;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!generations.pointer().rebuilding()) {
            return chain.filter(exchange);
        }
        return generations.refreshed()
                .onErrorResume(e -> {
                    log.debug("Generation pointer not read for a request: {}", e.toString());
                    return Mono.empty(); // the cached one serves, as between polls
                })
                .then(chain.filter(exchange));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
