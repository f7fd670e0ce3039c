package org.alliancetracker.grants.grant;

/** ACTIVE grants take disbursements; SUSPENDED ones may resume; CLOSED is final. */
public enum GrantStatus {
    ACTIVE,
    SUSPENDED,
    CLOSED
}
