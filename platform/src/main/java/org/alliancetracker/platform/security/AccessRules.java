package org.alliancetracker.platform.security;

import org.springframework.security.config.web.server.ServerHttpSecurity;

/**
 * A service's own authorization rules (which scope each endpoint needs), applied after the platform's (health is
 * public) and before the platform's final rule (anything not named is denied).
 */
@FunctionalInterface
public interface AccessRules {

    void configure(ServerHttpSecurity.AuthorizeExchangeSpec exchanges);

    /** The authority Spring Security derives from an OAuth2 scope. */
    static String scope(String scope) {
        return "SCOPE_" + scope;
    }
}
