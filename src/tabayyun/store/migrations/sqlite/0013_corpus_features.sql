-- Issue 17: what the cross-outlet step reads of each document (shingle hashes, word bags,
-- framing's namings, claim scopes: tabayyun.analysis.features), computed once when the document
-- is analysed and stored packed; and which document versions the cross-outlet records cover,
-- so that a run adding documents to fresh records attaches them instead of recomputing all.
CREATE TABLE doc_features (
    doc_id TEXT PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE,
    data   BLOB NOT NULL
);
-- the documents_version of the write that stored this version of the document
ALTER TABLE documents ADD COLUMN saved_version INTEGER;
CREATE TABLE corpus_members (
    doc_id        TEXT PRIMARY KEY,
    saved_version INTEGER
);
