-- An unfinished task of one year's plan can be carried over into a later plan: a new task there,
-- with the same content and units, that names the task it continues, so its history stays linked.
-- A task is carried into a plan once.

ALTER TABLE duban.tasks
    ADD COLUMN carried_from_task_id bigint REFERENCES duban.tasks (id),
    ADD CONSTRAINT tasks_carried_once UNIQUE (plan_id, carried_from_task_id);
