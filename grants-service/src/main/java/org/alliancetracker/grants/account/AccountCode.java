package org.alliancetracker.grants.account;

/**
 * The foreign-assistance accounts the Plan's money is appropriated in: Development Assistance, Economic Support
 * Fund, International Narcotics Control and Law Enforcement, Global Health Programs, Foreign Military Financing, and
 * Nonproliferation, Anti-terrorism, Demining and Related Programs.
 */
public enum AccountCode {
    DA, ESF, INCLE, GHP, FMF, NADR
}
