package org.alliancetracker.platform.store;

import java.util.List;

import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.BsonDocumentWriter;
import org.bson.Document;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.codecs.record.RecordCodecProvider;

import com.mongodb.MongoClientSettings;

/**
 * Records stored inside a larger document (a grant's sectors inside its fiscal year's document, say), written and
 * read by the driver's record codec: the record's component names are the field names, in one place; no
 * {@code getString("…")} reads. {@link java.math.BigDecimal} components are stored as Decimal128 (exact).
 */
public final class StoredRecords {

    private static final CodecRegistry REGISTRY = CodecRegistries.fromRegistries(
            CodecRegistries.fromProviders(new RecordCodecProvider()), MongoClientSettings.getDefaultCodecRegistry());
    private static final DocumentCodec DOCUMENTS = new DocumentCodec(REGISTRY);

    private StoredRecords() {
    }

    /** The record as a document, ready to be stored. */
    public static <T extends Record> Document toDocument(T record) {
        @SuppressWarnings("unchecked")
        Codec<T> codec = (Codec<T>) REGISTRY.get(record.getClass());
        BsonDocument bson = new BsonDocument();
        codec.encode(new BsonDocumentWriter(bson), record, EncoderContext.builder().build());
        return DOCUMENTS.decode(new BsonDocumentReader(bson), DecoderContext.builder().build());
    }

    public static List<Document> toDocuments(List<? extends Record> records) {
        return records.stream().map(StoredRecords::toDocument).toList();
    }

    /** A stored document read back as the record. */
    public static <T extends Record> T fromDocument(Document document, Class<T> type) {
        return REGISTRY.get(type).decode(new BsonDocumentReader(document.toBsonDocument(Document.class, REGISTRY)),
                DecoderContext.builder().build());
    }

    /** The documents of an array field read back as records; an absent field is an empty list. */
    public static <T extends Record> List<T> listOf(Document parent, String field, Class<T> type) {
        return parent.getList(field, Document.class, List.of()).stream().map(d -> fromDocument(d, type)).toList();
    }
}
