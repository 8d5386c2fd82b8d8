-- The framing and text-reuse records in plain columns (issue 16), as 0012 did for stories and
-- findings: the outlet page reads the framing rows of one outlet and the reuse pairs touching its
-- documents, the entity page an actor's framing profile, through these tables' indexes instead
-- of every record of the corpus. Written with the records (store/records.py); the Python step
-- of this migration fills them from the records stored before.

-- one row per outlet and actor: how the outlet names the actor
CREATE TABLE framings (
    record_id    INTEGER PRIMARY KEY,
    outlet       TEXT,
    entity_id    TEXT NOT NULL,
    name         TEXT,
    mentions     INTEGER,
    neutral      INTEGER,
    loaded_share REAL             -- the share of its namings that are loaded designations
);
CREATE INDEX framings_outlet ON framings(outlet, mentions);
CREATE INDEX framings_entity ON framings(entity_id);

-- one row per actor named by two outlets or more: the outlets side by side
CREATE TABLE framing_profiles (
    record_id INTEGER PRIMARY KEY,
    entity_id TEXT NOT NULL,
    name      TEXT,
    outlets   INTEGER NOT NULL    -- how many outlets name it
);
CREATE INDEX framing_profiles_entity ON framing_profiles(entity_id);

-- one row per pair of documents sharing passages, and one per document of the pair
CREATE TABLE reuse_pairs (
    record_id    INTEGER PRIMARY KEY,
    similarity   REAL,
    shared_words INTEGER,
    passages     INTEGER NOT NULL
);
CREATE INDEX reuse_pairs_similarity ON reuse_pairs(similarity);

CREATE TABLE reuse_documents (
    record_id INTEGER NOT NULL,
    doc_id    TEXT NOT NULL
);
CREATE INDEX reuse_documents_record ON reuse_documents(record_id);
CREATE INDEX reuse_documents_doc ON reuse_documents(doc_id);
