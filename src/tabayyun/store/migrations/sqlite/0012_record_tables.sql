-- The cross-outlet records in plain columns (issue 16): corpus_records keeps each record as
-- JSON; these tables repeat the fields people filter, sort and join on, so that datasette,
-- pandas and SQL users need no json_extract and the web app reads one story's records (or
-- the placements of one page of claims) through an index. The store writes them with the
-- records, in the same transaction (store/records.py says which rows each record gives); the
-- Python step of this migration fills them from the records stored before.
-- record_id / finding_id is the record's corpus_records.id (renewed when the records are
-- rebuilt); findings.key is the stable key corrections name a finding by.

CREATE TABLE stories (
    record_id      INTEGER PRIMARY KEY,
    story_id       TEXT NOT NULL,
    title          TEXT,
    first_date     TEXT,            -- ISO date of its first and last documents
    last_date      TEXT,
    documents      INTEGER NOT NULL,
    incidents      INTEGER NOT NULL,
    outlets        TEXT NOT NULL,   -- JSON list
    claims         INTEGER NOT NULL, -- claims placed in it (claim_placements)
    findings       INTEGER NOT NULL,
    contradictions INTEGER NOT NULL
);
CREATE INDEX stories_story ON stories(story_id);
CREATE INDEX stories_size ON stories(documents, claims);

CREATE TABLE story_documents (
    story_id TEXT NOT NULL,
    doc_id   TEXT NOT NULL
);
CREATE INDEX story_documents_story ON story_documents(story_id);
CREATE INDEX story_documents_doc ON story_documents(doc_id);

CREATE TABLE incidents (
    record_id      INTEGER PRIMARY KEY,
    incident_id    TEXT NOT NULL,
    story_id       TEXT,
    event_type     TEXT,
    sub_event_type TEXT,
    "date"         TEXT,            -- ISO date
    location       TEXT,
    location_id    TEXT,
    lat            REAL,
    lon            REAL,
    geo_precision  TEXT,
    fatalities     INTEGER,         -- the ACLED-conservative killed count, when there is one
    documents      INTEGER NOT NULL,
    actors         TEXT NOT NULL    -- JSON list
);
CREATE INDEX incidents_incident ON incidents(incident_id);
CREATE INDEX incidents_story ON incidents(story_id);
CREATE INDEX incidents_type_date ON incidents(event_type, "date");

-- the article events an incident merges
CREATE TABLE incident_events (
    incident_id TEXT NOT NULL,
    doc_id      TEXT NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL
);
CREATE INDEX incident_events_incident ON incident_events(incident_id);
CREATE INDEX incident_events_doc ON incident_events(doc_id, start);

CREATE TABLE findings (
    finding_id  INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,      -- contradiction, progression, update, agreement, single_source, …
    measure     TEXT NOT NULL,
    incident_id TEXT,
    story_id    TEXT,
    independent INTEGER,
    sources     INTEGER,
    best        REAL,
    low         REAL,
    high        REAL,
    reasoning   TEXT,
    key         TEXT NOT NULL       -- tabayyun.corrections.finding_key: what a correction names
);
CREATE INDEX findings_story ON findings(story_id, kind);
CREATE INDEX findings_incident ON findings(incident_id, measure);
CREATE INDEX findings_kind ON findings(kind, measure);

-- one row per claim a finding compares
CREATE TABLE finding_claims (
    finding_id INTEGER NOT NULL,
    doc_id     TEXT NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    low        REAL,
    high       REAL,
    unit       TEXT,
    claimant   TEXT,
    source     TEXT,               -- the original source the comparison grouped it under
    role       TEXT,
    "date"     TEXT,               -- ISO date of what is counted
    as_of      TEXT                -- ISO date it was stated
);
CREATE INDEX finding_claims_finding ON finding_claims(finding_id);
CREATE INDEX finding_claims_doc ON finding_claims(doc_id, start, "end");

CREATE TABLE estimates (
    record_id    INTEGER PRIMARY KEY,
    incident_id  TEXT NOT NULL,
    measure      TEXT,
    unit         TEXT,
    acled_figure REAL,              -- ACLED-conservative: the lowest credible figure
    best         REAL,              -- UCDP-style best, low and high
    low          REAL,
    high         REAL
);
CREATE INDEX estimates_incident ON estimates(incident_id, measure);

CREATE TABLE timelines (
    record_id   INTEGER PRIMARY KEY,
    incident_id TEXT NOT NULL,
    measure     TEXT,
    entries     INTEGER NOT NULL
);
CREATE INDEX timelines_incident ON timelines(incident_id, measure);

-- where each claim belongs across outlets; joins claims on (doc_id, start, "end", measure)
CREATE TABLE claim_placements (
    record_id   INTEGER PRIMARY KEY,
    doc_id      TEXT NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    measure     TEXT NOT NULL,
    incident_id TEXT,
    story_id    TEXT,
    source      TEXT                -- the claim's original source (outlet:…, org:…, anon:…)
);
CREATE INDEX claim_placements_claim ON claim_placements(doc_id, start, "end", measure);
CREATE INDEX claim_placements_story ON claim_placements(story_id);
CREATE INDEX claim_placements_incident ON claim_placements(incident_id);

-- the claims table's default order in the web app (latest stated first) without sorting them all
CREATE INDEX claims_as_of ON claims(as_of);
-- a placement's claim by its whole key: without it SQLite's planner may join on the measure
-- index (a third of the claims per lookup)
CREATE INDEX claims_key ON claims(doc_id, start, "end", measure);
