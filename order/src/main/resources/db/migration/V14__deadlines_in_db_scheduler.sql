-- The order saga's deadlines move from Quartz's job store to db-scheduler's table (the standard
-- PostgreSQL schema of db-scheduler 16). Quartz's job store took one row lock, qrtz_LOCKS, in the
-- saga's own transaction for every deadline scheduled or cancelled, so under load every saga
-- waited for every other; here a deadline is one row of its own. Deadlines still pending in the
-- Quartz tables are not carried over: stop the order service with no saga running (see
-- RELIABILITY.md) before upgrading across this migration.

drop table qrtz_fired_triggers;
drop table qrtz_paused_trigger_grps;
drop table qrtz_scheduler_state;
drop table qrtz_locks;
drop table qrtz_simple_triggers;
drop table qrtz_cron_triggers;
drop table qrtz_simprop_triggers;
drop table qrtz_blob_triggers;
drop table qrtz_triggers;
drop table qrtz_job_details;
drop table qrtz_calendars;

create table scheduled_tasks
(
  task_name            text                     not null,
  task_instance        text                     not null,
  task_data            bytea,
  execution_time       timestamp with time zone not null,
  picked               boolean                  not null,
  picked_by            text,
  last_success         timestamp with time zone,
  last_failure         timestamp with time zone,
  consecutive_failures int,
  last_heartbeat       timestamp with time zone,
  version              bigint                   not null,
  priority             smallint,
  primary key (task_name, task_instance)
);

create index execution_time_idx on scheduled_tasks (execution_time);
create index last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);
