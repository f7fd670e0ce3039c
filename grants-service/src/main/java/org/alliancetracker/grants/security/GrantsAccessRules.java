package org.alliancetracker.grants.security;

import static org.alliancetracker.platform.security.AccessRules.scope;

import org.alliancetracker.platform.security.AccessRules;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.stereotype.Component;

/** The budget is public to read; only program officers ({@code grants:write}) change it. */
@Component
class GrantsAccessRules implements AccessRules {

    @Override
    public void configure(ServerHttpSecurity.AuthorizeExchangeSpec exchanges) {
        exchanges.pathMatchers(HttpMethod.GET, "/api/v1/**").permitAll()
                .pathMatchers(HttpMethod.POST, "/api/v1/**").hasAuthority(scope("grants:write"))
                .pathMatchers(HttpMethod.PUT, "/api/v1/**").hasAuthority(scope("grants:write"));
    }
}
