package org.alliancetracker.reporting.reconciliation;

import static org.alliancetracker.platform.security.AccessRules.scope;

import org.alliancetracker.platform.security.AccessRules;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.stereotype.Component;

/**
 * Posting a file to reconcile is a report like the others: public unless reports require a token, then it needs
 * {@code reports:read} (the GETs are covered by the service's rule for every {@code GET /api/v1/**}).
 */
@Component
class ReconciliationAccessRules implements AccessRules {

    private final boolean reportsRequireToken;

    ReconciliationAccessRules(@Value("${alliance.security.reports-require-token:false}") boolean reportsRequireToken) {
        this.reportsRequireToken = reportsRequireToken;
    }

    @Override
    public void configure(ServerHttpSecurity.AuthorizeExchangeSpec exchanges) {
        var post = exchanges.pathMatchers(HttpMethod.POST, ReconciliationController.PATH);
        if (reportsRequireToken) {
            post.hasAuthority(scope("reports:read"));
        } else {
            post.permitAll();
        }
    }
}
