-- The cross-outlet records in plain columns (issue 16), as SQLite's 0012: corpus_records keeps
-- each record as JSON; these tables repeat the fields people filter, sort and join on, so that
-- SQL and pandas users need no JSON operators and the web app reads one story's records (or the
-- placements of one page of claims) through an index. The store writes them with the records,
-- in the same transaction (store/records.py says which rows each record gives); the Python step
-- of this migration fills them from the records stored before.
-- record_id / finding_id is the record's corpus_records.id (renewed when the records are
-- rebuilt); findings.key is the stable key corrections name a finding by.

CREATE TABLE stories (
    record_id      BIGINT PRIMARY KEY,
    story_id       TEXT COLLATE "C" NOT NULL,
    title          TEXT,
    first_date     TEXT COLLATE "C",
    last_date      TEXT COLLATE "C",
    documents      INTEGER NOT NULL,
    incidents      INTEGER NOT NULL,
    outlets        TEXT NOT NULL,
    claims         INTEGER NOT NULL,
    findings       INTEGER NOT NULL,
    contradictions INTEGER NOT NULL
);
CREATE INDEX stories_story ON stories(story_id);
CREATE INDEX stories_size ON stories(documents, claims);

CREATE TABLE story_documents (
    story_id TEXT COLLATE "C" NOT NULL,
    doc_id   TEXT COLLATE "C" NOT NULL
);
CREATE INDEX story_documents_story ON story_documents(story_id);
CREATE INDEX story_documents_doc ON story_documents(doc_id);

CREATE TABLE incidents (
    record_id      BIGINT PRIMARY KEY,
    incident_id    TEXT COLLATE "C" NOT NULL,
    story_id       TEXT COLLATE "C",
    event_type     TEXT COLLATE "C",
    sub_event_type TEXT COLLATE "C",
    "date"         TEXT COLLATE "C",
    location       TEXT,
    location_id    TEXT COLLATE "C",
    lat            DOUBLE PRECISION,
    lon            DOUBLE PRECISION,
    geo_precision  TEXT,
    fatalities     BIGINT,
    documents      INTEGER NOT NULL,
    actors         TEXT NOT NULL
);
CREATE INDEX incidents_incident ON incidents(incident_id);
CREATE INDEX incidents_story ON incidents(story_id);
CREATE INDEX incidents_type_date ON incidents(event_type, "date");

CREATE TABLE incident_events (
    incident_id TEXT COLLATE "C" NOT NULL,
    doc_id      TEXT COLLATE "C" NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL
);
CREATE INDEX incident_events_incident ON incident_events(incident_id);
CREATE INDEX incident_events_doc ON incident_events(doc_id, start);

CREATE TABLE findings (
    finding_id  BIGINT PRIMARY KEY,
    kind        TEXT COLLATE "C" NOT NULL,
    measure     TEXT COLLATE "C" NOT NULL,
    incident_id TEXT COLLATE "C",
    story_id    TEXT COLLATE "C",
    independent BOOLEAN,
    sources     INTEGER,
    best        DOUBLE PRECISION,
    low         DOUBLE PRECISION,
    high        DOUBLE PRECISION,
    reasoning   TEXT,
    key         TEXT NOT NULL
);
CREATE INDEX findings_story ON findings(story_id, kind);
CREATE INDEX findings_incident ON findings(incident_id, measure);
CREATE INDEX findings_kind ON findings(kind, measure);

CREATE TABLE finding_claims (
    finding_id BIGINT NOT NULL,
    doc_id     TEXT COLLATE "C" NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    low        DOUBLE PRECISION,
    high       DOUBLE PRECISION,
    unit       TEXT,
    claimant   TEXT COLLATE "C",
    source     TEXT COLLATE "C",
    role       TEXT COLLATE "C",
    "date"     TEXT COLLATE "C",
    as_of      TEXT COLLATE "C"
);
CREATE INDEX finding_claims_finding ON finding_claims(finding_id);
CREATE INDEX finding_claims_doc ON finding_claims(doc_id, start, "end");

CREATE TABLE estimates (
    record_id    BIGINT PRIMARY KEY,
    incident_id  TEXT COLLATE "C" NOT NULL,
    measure      TEXT COLLATE "C",
    unit         TEXT,
    acled_figure DOUBLE PRECISION,
    best         DOUBLE PRECISION,
    low          DOUBLE PRECISION,
    high         DOUBLE PRECISION
);
CREATE INDEX estimates_incident ON estimates(incident_id, measure);

CREATE TABLE timelines (
    record_id   BIGINT PRIMARY KEY,
    incident_id TEXT COLLATE "C" NOT NULL,
    measure     TEXT COLLATE "C",
    entries     INTEGER NOT NULL
);
CREATE INDEX timelines_incident ON timelines(incident_id, measure);

CREATE TABLE claim_placements (
    record_id   BIGINT PRIMARY KEY,
    doc_id      TEXT COLLATE "C" NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    measure     TEXT COLLATE "C" NOT NULL,
    incident_id TEXT COLLATE "C",
    story_id    TEXT COLLATE "C",
    source      TEXT COLLATE "C"
);
CREATE INDEX claim_placements_claim ON claim_placements(doc_id, start, "end", measure);
CREATE INDEX claim_placements_story ON claim_placements(story_id);
CREATE INDEX claim_placements_incident ON claim_placements(incident_id);

CREATE INDEX claims_as_of ON claims(as_of);
CREATE INDEX claims_key ON claims(doc_id, start, "end", measure);
