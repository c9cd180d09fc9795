-- Plans from notices of any layout keep what the notice states beyond tasks and nodes: its document
-- number and date of issue, its one-off deadlines that are not reporting nodes (the date implementation
-- plans are due), and for each task its numbering as written (（三）, 一.2), the chapter it stands
-- under, its deadline as written, and the parts kept as written for reference (the people a 责任领导
-- column names, sub-rows under one 序号, columns read as no role such as per-township quotas).

ALTER TABLE duban.plans
    ADD COLUMN document_number text CHECK (length(document_number) <= 100),
    ADD COLUMN issued_on date,
    ADD COLUMN plan_dates jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(plan_dates) = 'array');

ALTER TABLE duban.tasks
    ADD COLUMN label text CHECK (length(label) <= 40),
    ADD COLUMN group_name text CHECK (length(group_name) <= 200),
    ADD COLUMN deadline_text text CHECK (length(deadline_text) <= 500),
    ADD COLUMN details jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(details) = 'object');
