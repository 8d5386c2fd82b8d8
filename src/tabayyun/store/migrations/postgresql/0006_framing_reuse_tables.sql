-- The framing and text-reuse records in plain columns (issue 16), as SQLite's 0014: the outlet
-- page reads the framing rows of one outlet and the reuse pairs touching its documents, the
-- entity page an actor's framing profile, through these tables' indexes instead of every record
-- of the corpus. Written with the records (store/records.py); the Python step of this migration
-- fills them from the records stored before.

CREATE TABLE framings (
    record_id    BIGINT PRIMARY KEY,
    outlet       TEXT COLLATE "C",
    entity_id    TEXT COLLATE "C" NOT NULL,
    name         TEXT,
    mentions     INTEGER,
    neutral      INTEGER,
    loaded_share DOUBLE PRECISION
);
CREATE INDEX framings_outlet ON framings(outlet, mentions);
CREATE INDEX framings_entity ON framings(entity_id);

CREATE TABLE framing_profiles (
    record_id BIGINT PRIMARY KEY,
    entity_id TEXT COLLATE "C" NOT NULL,
    name      TEXT,
    outlets   INTEGER NOT NULL
);
CREATE INDEX framing_profiles_entity ON framing_profiles(entity_id);

CREATE TABLE reuse_pairs (
    record_id    BIGINT PRIMARY KEY,
    similarity   DOUBLE PRECISION,
    shared_words INTEGER,
    passages     INTEGER NOT NULL
);
CREATE INDEX reuse_pairs_similarity ON reuse_pairs(similarity);

CREATE TABLE reuse_documents (
    record_id BIGINT NOT NULL,
    doc_id    TEXT COLLATE "C" NOT NULL
);
CREATE INDEX reuse_documents_record ON reuse_documents(record_id);
CREATE INDEX reuse_documents_doc ON reuse_documents(doc_id);
