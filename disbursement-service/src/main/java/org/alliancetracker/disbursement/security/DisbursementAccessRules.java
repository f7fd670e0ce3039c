package org.alliancetracker.disbursement.security;

import static org.alliancetracker.platform.security.AccessRules.scope;

import org.alliancetracker.platform.security.AccessRules;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.stereotype.Component;

/**
 * The agency API: writes need {@code disbursements:write} (and the grant must be the caller's agency's, see
 * {@link AgencyGate}); reads need any valid token.
 */
@Component
class DisbursementAccessRules implements AccessRules {

    @Override
    public void configure(ServerHttpSecurity.AuthorizeExchangeSpec exchanges) {
        exchanges.pathMatchers(HttpMethod.POST, "/api/v1/disbursements", "/api/v1/disbursements/**",
                        "/api/v1/disbursement-batches")
                .hasAuthority(scope("disbursements:write"))
                .pathMatchers(HttpMethod.GET, "/api/v1/**").authenticated();
    }
}
