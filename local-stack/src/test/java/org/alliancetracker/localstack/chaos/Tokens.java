package org.alliancetracker.localstack.chaos;

import org.alliancetracker.localstack.DemoClients;

/**
 * Bearer tokens of the demo clients, fetched again when a service answers 401: a run outlasts a token's lifetime
 * (15 minutes in the local profile), and a client that holds an expired token gets a new one, as a real one would.
 * A 401 is therefore never an answer to a disbursement; the request is sent again with a fresh token.
 */
final class Tokens {

    private final String issuerUrl;
    private volatile DemoClients clients;

    Tokens(String issuerUrl) {
        this.issuerUrl = issuerUrl;
        this.clients = new DemoClients(issuerUrl);
    }

    /** The Authorization header value for a demo client. */
    String bearer(String clientId) {
        return clients.bearer(clientId);
    }

    /** Drops every cached token if {@code rejected} (a header a service refused) is still the current one. */
    synchronized void refused(String clientId, String rejected) {
        if (rejected.equals(clients.bearer(clientId))) {
            clients = new DemoClients(issuerUrl);
        }
    }
}
