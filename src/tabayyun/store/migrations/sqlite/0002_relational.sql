-- Tables for queries and scale: one plain column per field for the layers people query,
-- one packed row per document for the others, no token rows (the segment stage recomputes
-- tokens), and the state that tells whether the cross-outlet records are up to date.
-- A Python step (store/legacy.py) moves the rows of the 0001 ``spans`` table here.

-- which pipeline analysed each document (see ``fingerprints``), and when
ALTER TABLE documents ADD COLUMN fingerprint TEXT;
ALTER TABLE documents ADD COLUMN analyzed_at TEXT;
CREATE INDEX documents_outlet ON documents(outlet, published);
CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_fingerprint ON documents(fingerprint);

-- what a fingerprint stands for: package version, stages, knowledge files and their hashes (JSON)
CREATE TABLE fingerprints (
    fingerprint TEXT PRIMARY KEY,
    description TEXT NOT NULL,
    first_seen  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- sentences, quantities and times: one zlib-compressed JSON value per document and layer
CREATE TABLE packed_layers (
    doc_id  TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    layer   TEXT NOT NULL,
    spans   INTEGER NOT NULL,
    data    BLOB NOT NULL,
    PRIMARY KEY (doc_id, layer)
) WITHOUT ROWID;

-- the document's outlet and publication date are repeated on each row, so that the common
-- queries (claims of an outlet for a measure) need no join; a metadata change rewrites them
CREATE TABLE mentions (
    id            INTEGER PRIMARY KEY,
    doc_id        TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    outlet        TEXT,
    published     TEXT,
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    text          TEXT NOT NULL,
    label         TEXT NOT NULL,
    entity_id     TEXT,
    canonical     TEXT,
    name_en       TEXT,
    actor_type    TEXT,
    role          TEXT,
    lat           REAL,
    lon           REAL,
    geo_precision TEXT,
    pcode         TEXT,
    origin        TEXT NOT NULL
);
CREATE INDEX mentions_doc ON mentions(doc_id);
CREATE INDEX mentions_entity ON mentions(entity_id, label);
CREATE INDEX mentions_label ON mentions(label, outlet);

CREATE TABLE attributions (
    id            INTEGER PRIMARY KEY,
    doc_id        TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    outlet        TEXT,
    published     TEXT,
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    text          TEXT NOT NULL,
    source_text   TEXT NOT NULL,
    source_start  INTEGER NOT NULL,
    source_end    INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    via           TEXT NOT NULL,   -- JSON list
    hedged        INTEGER NOT NULL,
    entity_id     TEXT,
    scope_start   INTEGER NOT NULL,
    scope_end     INTEGER NOT NULL
);
CREATE INDEX attributions_doc ON attributions(doc_id);
CREATE INDEX attributions_kind ON attributions(kind, outlet);

CREATE TABLE claims (
    id             INTEGER PRIMARY KEY,
    doc_id         TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    outlet         TEXT,
    published      TEXT,
    start          INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    text           TEXT NOT NULL,
    measure        TEXT NOT NULL,
    unit           TEXT NOT NULL,
    low            REAL,
    high           REAL,
    approximate    INTEGER NOT NULL,
    subject        TEXT,
    claimant       TEXT NOT NULL,
    claimant_kind  TEXT NOT NULL,
    via            TEXT NOT NULL,   -- JSON list
    "date"         TEXT,            -- ISO date
    hedged         INTEGER NOT NULL,
    quantity_start INTEGER NOT NULL,
    quantity_end   INTEGER NOT NULL
);
CREATE INDEX claims_doc ON claims(doc_id);
CREATE INDEX claims_outlet_measure ON claims(outlet, measure, "date");
CREATE INDEX claims_measure_date ON claims(measure, "date");
CREATE INDEX claims_date ON claims("date");
CREATE INDEX claims_claimant_kind ON claims(claimant_kind, measure);

CREATE TABLE events (
    id             INTEGER PRIMARY KEY,
    doc_id         TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    outlet         TEXT,
    published      TEXT,
    start          INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    text           TEXT NOT NULL,
    event_type     TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    "date"         TEXT,            -- ISO date
    time_precision TEXT NOT NULL,
    location       TEXT,
    location_id    TEXT,
    lat            REAL,
    lon            REAL,
    geo_precision  TEXT,
    actors         TEXT NOT NULL,   -- JSON list
    actor_types    TEXT NOT NULL,   -- JSON list
    fatalities     INTEGER,
    tags           TEXT NOT NULL,   -- JSON list
    notes          TEXT NOT NULL,
    support        TEXT NOT NULL    -- JSON list of [start, end]
);
CREATE INDEX events_doc ON events(doc_id);
CREATE INDEX events_type_date ON events(event_type, "date");
CREATE INDEX events_date ON events("date");
CREATE INDEX events_outlet ON events(outlet, event_type);
CREATE INDEX events_location ON events(location_id);

-- documents_version grows with every document write; records_version is the version the
-- cross-outlet records were computed from (NULL: never, or interrupted). Records older than
-- the documents are rebuilt by the next run.
CREATE TABLE corpus_state (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    documents_version INTEGER NOT NULL,
    records_version   INTEGER,
    records           INTEGER NOT NULL DEFAULT 0
);
-- records stored by the 0001 schema do not say which documents they came from: rebuild them
INSERT INTO corpus_state(id, documents_version, records_version, records)
    VALUES (1, 1, NULL, (SELECT COUNT(*) FROM corpus_records));
