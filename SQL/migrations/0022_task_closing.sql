-- A task a corrected notice no longer lists is closed, not deleted: its reports, reviews and history
-- stay, no report is expected for a node after the day it closed, and no new report is taken. The
-- import that closed it names the file; a later import that lists it again reopens it.

ALTER TABLE duban.tasks
    ADD COLUMN closed_at timestamptz,
    ADD COLUMN closed_by_source text CHECK (length(closed_by_source) <= 200),
    ADD CONSTRAINT tasks_closed_by_an_import CHECK (closed_at IS NOT NULL OR closed_by_source IS NULL);
