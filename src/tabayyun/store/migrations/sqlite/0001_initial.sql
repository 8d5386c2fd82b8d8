-- documents: the original text never changes; content_hash makes ingest idempotent
CREATE TABLE documents (
    doc_id       TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    outlet       TEXT,
    published    TEXT,
    url          TEXT,
    title        TEXT,
    text         TEXT NOT NULL,
    source_path  TEXT,
    encoding     TEXT,
    body_end     INTEGER,
    skipped      TEXT,
    ingested_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- every annotation layer: offsets into documents.text, the layer's own fields as JSON
CREATE TABLE spans (
    id      INTEGER PRIMARY KEY,
    doc_id  TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    layer   TEXT NOT NULL,
    start   INTEGER NOT NULL,
    "end"   INTEGER NOT NULL,
    text    TEXT NOT NULL,
    fields  TEXT NOT NULL
);
CREATE INDEX spans_doc_layer ON spans(doc_id, layer);

-- a stage that failed on a document, so the analyst sees what is missing and why
CREATE TABLE failures (
    id      INTEGER PRIMARY KEY,
    doc_id  TEXT NOT NULL,
    stage   TEXT NOT NULL,
    error   TEXT NOT NULL,
    detail  TEXT,
    at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- corpus-level results (stories, findings, reuse, framing, timelines), rebuilt after each run
CREATE TABLE corpus_records (
    id      INTEGER PRIMARY KEY,
    kind    TEXT NOT NULL,
    data    TEXT NOT NULL
);
CREATE INDEX corpus_records_kind ON corpus_records(kind);
