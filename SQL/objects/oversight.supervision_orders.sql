-- oversight.supervision_orders: the current definition of this view.
-- Created by 0009_supervision.sql.

CREATE OR REPLACE VIEW oversight.supervision_orders AS
 SELECT o.id AS order_id,
    t.number AS task_number,
    u.code AS unit_code,
    o.grade AS current_grade,
    o.state,
    e.action,
    e.grade AS event_grade,
    e.note,
    e.at,
    o.reason,
    o.figures
   FROM duban.supervision_orders o
     JOIN duban.supervision_order_events e ON e.order_id = o.id
     JOIN duban.tasks t ON t.id = o.task_id
     JOIN duban.units u ON u.id = o.unit_id;

GRANT SELECT ON TABLE oversight.supervision_orders TO duban_oversight;
COMMENT ON VIEW oversight.supervision_orders IS 'Graded supervision orders, one row per step of their history; reason says why the order was issued (late, behind_schedule with its figures, quality).';
