-- Analysts' corrections (issue 16), apart from machine output: re-analysis (which replaces a
-- document's rows) never touches them. A correction names its target by a key that survives
-- re-analysis (tabayyun.corrections: a claim's doc_id:start:end:measure, an event's
-- doc_id:start:end, a finding's kind|measure|claims), not by a row id.
CREATE TABLE corrections (
    id         INTEGER PRIMARY KEY,
    target     TEXT NOT NULL,            -- claim | event | finding
    key        TEXT NOT NULL,
    action     TEXT NOT NULL,            -- wrong | fix
    changes    TEXT NOT NULL DEFAULT '{}',  -- JSON: the fields a fix sets
    author     TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL             -- ISO timestamp, UTC
);
CREATE INDEX corrections_target ON corrections(target, key);
