package org.alliancetracker.disbursement.disbursement;

/**
 * Life of a disbursement document. {@code PENDING} is internal (a request being worked on, or interrupted); the API
 * shows a disbursement from {@code ACCEPTED} on. Transitions only go forward: PENDING → ACCEPTED → REVERSING →
 * REVERSED; a PENDING document may instead be deleted (the request was refused, or abandoned).
 */
public enum DisbursementState {
    PENDING, ACCEPTED, REVERSING, REVERSED
}
