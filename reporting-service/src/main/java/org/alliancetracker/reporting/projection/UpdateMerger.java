package org.alliancetracker.reporting.projection;

import java.util.Map;

import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

import com.mongodb.MongoClientSettings;

/**
 * Combines the updates of several events to one document into one update with the same effect as applying them one
 * after the other: {@code $inc} adds up, {@code $set} and {@code $setOnInsert} keep the later value, {@code $max} and
 * {@code $min} the larger or smaller, {@code $push} and {@code $addToSet} append in order, {@code $unset} unions.
 * Anything else (or a path written by two operators, which MongoDB would refuse) is reported as not mergeable: the
 * caller starts another update there ({@link #tryAdd}).
 */
final class UpdateMerger {

    private final BsonDocument merged = new BsonDocument();
    private boolean mergeable = true;

    static BsonDocument render(Bson update) {
        return update.toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry());
    }

    /**
     * Adds the update if it merges with what is here; if not, leaves this merger as it was and answers false.
     */
    boolean tryAdd(Bson update) {
        if (!mergeable) {
            return false;
        }
        BsonDocument before = merged.clone();
        add(update);
        if (mergeable) {
            return true;
        }
        merged.clear();
        merged.putAll(before);
        mergeable = true;
        return false;
    }

    UpdateMerger add(Bson update) {
        if (update == null || !mergeable) {
            return this;
        }
        for (Map.Entry<String, BsonValue> operator : render(update).entrySet()) {
            if (!operator.getValue().isDocument()) {
                mergeable = false;
                return this;
            }
            BsonDocument target = merged.containsKey(operator.getKey()) ? merged.getDocument(operator.getKey())
                    : new BsonDocument();
            for (Map.Entry<String, BsonValue> field : operator.getValue().asDocument().entrySet()) {
                if (!merge(operator.getKey(), target, field.getKey(), field.getValue())) {
                    mergeable = false;
                    return this;
                }
            }
            merged.put(operator.getKey(), target);
        }
        return this;
    }

    private boolean merge(String operator, BsonDocument target, String path, BsonValue value) {
        if (!target.containsKey(path) && writtenByAnotherOperator(operator, path)) {
            return false;
        }
        BsonValue previous = target.get(path);
        switch (operator) {
            case "$set", "$setOnInsert", "$unset" -> target.put(path, value);
            case "$inc" -> {
                if (previous == null) {
                    target.put(path, value);
                } else if (isInteger(previous) && isInteger(value)) {
                    target.put(path, new BsonInt64(Math.addExact(asLong(previous), asLong(value))));
                } else {
                    return false;
                }
            }
            case "$max", "$min" -> {
                if (previous == null) {
                    target.put(path, value);
                } else {
                    Integer order = compare(previous, value);
                    if (order == null) {
                        return false;
                    }
                    boolean keepNew = operator.equals("$max") ? order < 0 : order > 0;
                    if (keepNew) {
                        target.put(path, value);
                    }
                }
            }
            case "$push", "$addToSet" -> {
                BsonArray each = previous == null ? new BsonArray() : previous.asDocument().getArray("$each");
                if (value.isDocument() && value.asDocument().containsKey("$each")) {
                    if (value.asDocument().size() != 1) {
                        return false; // $position, $slice, $sort: not combined
                    }
                    each.addAll(value.asDocument().getArray("$each"));
                } else {
                    each.add(value);
                }
                target.put(path, new BsonDocument("$each", each));
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Another operator on the same path, or any operator on a path inside this one or around it. */
    private boolean writtenByAnotherOperator(String operator, String path) {
        for (Map.Entry<String, BsonValue> other : merged.entrySet()) {
            boolean sameOperator = other.getKey().equals(operator);
            for (String otherPath : other.getValue().asDocument().keySet()) {
                if (!sameOperator && otherPath.equals(path)
                        || otherPath.startsWith(path + ".") || path.startsWith(otherPath + ".")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isInteger(BsonValue value) {
        return value instanceof BsonInt64 || value instanceof BsonInt32;
    }

    private static long asLong(BsonValue value) {
        return value instanceof BsonInt64 l ? l.getValue() : ((BsonInt32) value).getValue();
    }

    private static Integer compare(BsonValue a, BsonValue b) {
        if (isInteger(a) && isInteger(b)) {
            return Long.compare(asLong(a), asLong(b));
        }
        if (a.isDateTime() && b.isDateTime()) {
            return Long.compare(a.asDateTime().getValue(), b.asDateTime().getValue());
        }
        if (a.isString() && b.isString()) {
            return a.asString().getValue().compareTo(b.asString().getValue());
        }
        return null;
    }

    boolean mergeable() {
        return mergeable;
    }

    BsonDocument update() {
        return merged;
    }
}
