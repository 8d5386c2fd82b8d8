-- The PostgreSQL schema: the same tables and columns as the SQLite store after its 0003.
-- Text columns use the "C" collation so that rows sort as on SQLite (by code point),
-- whatever the database's locale; a cross-outlet run then sees documents in the same order.

CREATE TABLE documents (
    doc_id       TEXT COLLATE "C" PRIMARY KEY,
    content_hash TEXT COLLATE "C" NOT NULL UNIQUE,
    outlet       TEXT COLLATE "C",
    published    TEXT COLLATE "C",
    url          TEXT,
    title        TEXT,
    text         TEXT NOT NULL,
    source_path  TEXT,
    encoding     TEXT,
    body_end     INTEGER,
    skipped      TEXT,
    ingested_at  TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    fingerprint  TEXT COLLATE "C",
    analyzed_at  TEXT
);
CREATE INDEX documents_outlet ON documents(outlet, published);
CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_fingerprint ON documents(fingerprint);

CREATE TABLE failures (
    id      BIGSERIAL PRIMARY KEY,
    doc_id  TEXT COLLATE "C" NOT NULL,
    stage   TEXT NOT NULL,
    error   TEXT NOT NULL,
    detail  TEXT,
    at      TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
);
CREATE INDEX failures_doc ON failures(doc_id);

CREATE TABLE corpus_records (
    id      BIGSERIAL PRIMARY KEY,
    kind    TEXT COLLATE "C" NOT NULL,
    data    TEXT NOT NULL
);
CREATE INDEX corpus_records_kind ON corpus_records(kind);

CREATE TABLE fingerprints (
    fingerprint TEXT COLLATE "C" PRIMARY KEY,
    description TEXT NOT NULL,
    first_seen  TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
);

CREATE TABLE packed_layers (
    doc_id  TEXT COLLATE "C" NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    layer   TEXT COLLATE "C" NOT NULL,
    spans   INTEGER NOT NULL,
    data    BYTEA NOT NULL,
    PRIMARY KEY (doc_id, layer)
);

CREATE TABLE mentions (
    id            BIGSERIAL PRIMARY KEY,
    doc_id        TEXT COLLATE "C" NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    outlet        TEXT COLLATE "C",
    published     TEXT COLLATE "C",
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    text          TEXT NOT NULL,
    label         TEXT COLLATE "C" NOT NULL,
    entity_id     TEXT COLLATE "C",
    canonical     TEXT,
    name_en       TEXT,
    actor_type    TEXT,
    role          TEXT,
    lat           DOUBLE PRECISION,
    lon           DOUBLE PRECISION,
    geo_precision TEXT,
    pcode         TEXT,
    origin        TEXT NOT NULL
);
CREATE INDEX mentions_doc ON mentions(doc_id);
CREATE INDEX mentions_entity ON mentions(entity_id, label);
CREATE INDEX mentions_label ON mentions(label, outlet);

CREATE TABLE attributions (
    id            BIGSERIAL PRIMARY KEY,
    doc_id        TEXT COLLATE "C" NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    outlet        TEXT COLLATE "C",
    published     TEXT COLLATE "C",
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    text          TEXT NOT NULL,
    source_text   TEXT NOT NULL,
    source_start  INTEGER NOT NULL,
    source_end    INTEGER NOT NULL,
    kind          TEXT COLLATE "C" NOT NULL,
    via           TEXT NOT NULL,
    hedged        BOOLEAN NOT NULL,
    entity_id     TEXT COLLATE "C",
    scope_start   INTEGER NOT NULL,
    scope_end     INTEGER NOT NULL
);
CREATE INDEX attributions_doc ON attributions(doc_id);
CREATE INDEX attributions_kind ON attributions(kind, outlet);

CREATE TABLE claims (
    id             BIGSERIAL PRIMARY KEY,
    doc_id         TEXT COLLATE "C" NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    outlet         TEXT COLLATE "C",
    published      TEXT COLLATE "C",
    start          INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    text           TEXT NOT NULL,
    measure        TEXT COLLATE "C" NOT NULL,
    unit           TEXT NOT NULL,
    low            DOUBLE PRECISION,
    high           DOUBLE PRECISION,
    approximate    BOOLEAN NOT NULL,
    subject        TEXT,
    claimant       TEXT COLLATE "C" NOT NULL,
    claimant_kind  TEXT COLLATE "C" NOT NULL,
    via            TEXT NOT NULL,
    "date"         TEXT COLLATE "C",
    hedged         BOOLEAN NOT NULL,
    quantity_start INTEGER NOT NULL,
    quantity_end   INTEGER NOT NULL
);
CREATE INDEX claims_doc ON claims(doc_id);
CREATE INDEX claims_outlet_measure ON claims(outlet, measure, "date");
CREATE INDEX claims_measure_date ON claims(measure, "date");
CREATE INDEX claims_date ON claims("date");
CREATE INDEX claims_claimant_kind ON claims(claimant_kind, measure);

CREATE TABLE events (
    id             BIGSERIAL PRIMARY KEY,
    doc_id         TEXT COLLATE "C" NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    outlet         TEXT COLLATE "C",
    published      TEXT COLLATE "C",
    start          INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    text           TEXT NOT NULL,
    event_type     TEXT COLLATE "C" NOT NULL,
    sub_event_type TEXT COLLATE "C" NOT NULL,
    "date"         TEXT COLLATE "C",
    time_precision TEXT NOT NULL,
    location       TEXT,
    location_id    TEXT COLLATE "C",
    lat            DOUBLE PRECISION,
    lon            DOUBLE PRECISION,
    geo_precision  TEXT,
    actors         TEXT NOT NULL,
    actor_types    TEXT NOT NULL,
    fatalities     BIGINT,
    tags           TEXT NOT NULL,
    notes          TEXT NOT NULL,
    support        TEXT NOT NULL
);
CREATE INDEX events_doc ON events(doc_id);
CREATE INDEX events_type_date ON events(event_type, "date");
CREATE INDEX events_date ON events("date");
CREATE INDEX events_outlet ON events(outlet, event_type);
CREATE INDEX events_location ON events(location_id);

CREATE TABLE corpus_state (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    documents_version BIGINT NOT NULL,
    records_version   BIGINT,
    records           INTEGER NOT NULL DEFAULT 0
);
INSERT INTO corpus_state(id, documents_version, records_version, records) VALUES (1, 0, NULL, 0);
