package org.alliancetracker.grants.grant;

/** The kinds of change in a grant's history; each is one event on {@code alliance.grants}. */
public enum GrantChange {
    AWARDED,
    AMENDED,
    SUSPENDED,
    RESUMED,
    CLOSED
}
