package org.alliancetracker.disbursement.bench;

import org.alliancetracker.platform.security.AccessRules;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.stereotype.Component;

/** The benchmark's no-op endpoint needs the same scope as a real disbursement, so both pay the same for security. */
@Component
@ConditionalOnProperty(name = NoopDisbursementController.ENABLED, havingValue = "true")
class NoopAccessRules implements AccessRules {

    @Override
    public void configure(ServerHttpSecurity.AuthorizeExchangeSpec exchanges) {
        exchanges.pathMatchers(HttpMethod.POST, NoopDisbursementController.PATH)
                .hasAuthority(AccessRules.scope("disbursements:write"));
    }
}
