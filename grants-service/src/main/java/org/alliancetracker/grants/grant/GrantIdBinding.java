package org.alliancetracker.grants.grant;

import org.bson.codecs.pojo.annotations.BsonId;

/** A grant id bound to its fiscal year, as {@code grant_ids} stores it ({@code _id} is the grant id). */
public record GrantIdBinding(@BsonId String grantId, int fiscalYear) {
}
