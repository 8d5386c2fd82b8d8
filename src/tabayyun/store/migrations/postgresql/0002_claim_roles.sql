-- The cross-outlet work (issue 15), as SQLite's 0004: a claim says whether it is a whole count
-- or a share of one (role), the day it was stated (as_of), the article event it is about
-- (event_start) and its claimant's knowledge-base id (claimant_id); an event no longer carries
-- a toll of its own (its fatalities come from the killed counts tied to it,
-- report.exports.event_fatalities). Rows stored before keep the model's defaults; their
-- documents were analysed by an older pipeline, which `tabayyun refresh` redoes.
ALTER TABLE claims ADD COLUMN role TEXT COLLATE "C" NOT NULL DEFAULT 'total';
ALTER TABLE claims ADD COLUMN claimant_id TEXT COLLATE "C";
ALTER TABLE claims ADD COLUMN as_of TEXT COLLATE "C";
ALTER TABLE claims ADD COLUMN event_start INTEGER;
CREATE INDEX claims_claimant_id ON claims(claimant_id, measure);

ALTER TABLE events DROP COLUMN fatalities;

-- the stored cross-outlet records predate incidents and claim placements: the next run rebuilds them
UPDATE corpus_state SET records_version = NULL;
