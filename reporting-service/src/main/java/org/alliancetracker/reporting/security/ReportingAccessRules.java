package org.alliancetracker.reporting.security;

import static org.alliancetracker.platform.security.AccessRules.scope;

import org.alliancetracker.platform.security.AccessRules;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.stereotype.Component;

/**
 * The reports and the dashboard are public by default ({@code alliance.security.reports-require-token=true} makes
 * the API require {@code reports:read}); operations such as a rebuild need {@code admin}.
 */
@Component
class ReportingAccessRules implements AccessRules {

    private final boolean reportsRequireToken;

    ReportingAccessRules(@Value("${alliance.security.reports-require-token:false}") boolean reportsRequireToken) {
        this.reportsRequireToken = reportsRequireToken;
    }

    @Override
    public void configure(ServerHttpSecurity.AuthorizeExchangeSpec exchanges) {
        exchanges.pathMatchers("/api/v1/admin/**").hasAuthority(scope("admin"))
                .pathMatchers(HttpMethod.GET, "/", "/index.html", "/dashboard.css", "/dashboard.js", "/pipeline.js", "/pipeline.css", "/webjars/**",
                        "/favicon.ico").permitAll();
        if (reportsRequireToken) {
            exchanges.pathMatchers(HttpMethod.GET, "/api/v1/**").hasAuthority(scope("reports:read"));
        } else {
            exchanges.pathMatchers(HttpMethod.GET, "/api/v1/**").permitAll();
        }
    }
}
