-- Search over normalised Arabic (issue 16): each document's text in the search form
-- (tabayyun.text.search.search_form: no diacritics or tatweel, one alef, one ya, ta marbuta as
-- ha), indexed by trigrams so that a word is found inside its clitics (المرصد in والمرصد).
-- The rows are written with the documents; this migration's Python step fills them for the
-- documents stored before.
CREATE VIRTUAL TABLE documents_search USING fts5(doc_id UNINDEXED, body, tokenize = 'trigram');
