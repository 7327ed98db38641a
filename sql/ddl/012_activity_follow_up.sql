-- Purpose: the second kind of submitted file, the follow-up of the plan's activities, and what
-- the marts make of it.
-- raw.activity_reports grain: one row per (file_sha256, row_number): every accepted follow-up row,
-- superseded ones included (history); the latest per (aktivitet, ar) counts.
-- mart.activity_follow_ups grain: one row per (activity_id, year) with a follow-up.
create table raw.activity_reports (
    file_sha256 varchar not null,
    row_number integer not null,      -- the row as the submitter sees it in their spreadsheet
    file_name varchar not null,
    received_at timestamptz not null, -- when the file arrived in the inbox (its modification time)
    aktivitet varchar not null,       -- the plan's activity id, e.g. A15
    ar integer not null,
    status varchar not null,          -- ej_paborjad | paborjad | avslutad | installd
    moten_genomforda integer,         -- NULL: the activity holds no meetings
    kommentar varchar,
    is_sample boolean not null,
    run_id varchar not null,
    loaded_at timestamptz not null,
    primary key (file_sha256, row_number)
);

-- Which kind of report each decided file was (files decided before this migration: enterprise).
alter table ops.report_files add column report_kind varchar default 'enterprise_report';

create table mart.activity_follow_ups (
    activity_id varchar not null,
    year integer not null,
    status varchar not null,          -- not_started | started | completed | cancelled
    meetings_held integer,            -- NULL: not reported (the activity holds no meetings)
    meetings_planned integer,         -- from the plan (sql/seeds/plan_activities.csv); NULL: none
    comment varchar,
    file_name varchar not null,       -- the report file this follow-up came from
    received_at timestamptz not null,
    primary key (activity_id, year),
    check (status in ('not_started', 'started', 'completed', 'cancelled'))
);

alter table mart.plan_activities add column meetings_planned integer;
alter table mart.plan_activities add column status varchar;
alter table mart.plan_activities add column status_year integer;
alter table mart.plan_activities add column meetings_held integer;

comment on table raw.activity_reports is 'Accepted activity follow-up rows as submitted (history kept). Grain: one row per (file_sha256, row_number).';
comment on column ops.report_files.report_kind is 'enterprise_report or activity_report: what the header row said the file was';
comment on table mart.activity_follow_ups is 'How each activity of the plan went each year, from the latest accepted follow-up. Grain: one row per (activity_id, year).';
comment on column mart.activity_follow_ups.activity_id is 'Activity id (see mart.plan_activities)';
comment on column mart.activity_follow_ups.year is 'The year the follow-up covers';
comment on column mart.activity_follow_ups.status is 'not_started, started, completed or cancelled at the end of the year';
comment on column mart.activity_follow_ups.meetings_held is 'Meetings the activity held that year; NULL when not reported';
comment on column mart.activity_follow_ups.meetings_planned is 'Meetings a year the plan asks of the activity (e.g. 6 for the cross-sector group); NULL: none';
comment on column mart.activity_follow_ups.comment is 'The activity owner''s comment';
comment on column mart.activity_follow_ups.file_name is 'The follow-up file the row came from';
comment on column mart.activity_follow_ups.received_at is 'When that file arrived';
comment on column mart.plan_activities.meetings_planned is 'Meetings a year the plan asks of the activity (e.g. 6 for the cross-sector group); NULL: none';
comment on column mart.plan_activities.status is 'Latest reported status: not_started, started, completed, cancelled; no_report when none was submitted';
comment on column mart.plan_activities.status_year is 'The year of the latest follow-up; NULL when none';
comment on column mart.plan_activities.meetings_held is 'Meetings held in status_year; NULL when not reported';
comment on column mart.indicators.plan_goal is 'The plan sub-goal the indicator follows (1–4), plan (the activities as a whole), or context';
