-- Purpose: mart.plan_progress knows the plan's period and gives a verdict once it is over.
-- plan_start_year and plan_end_year come from the plan's activities (sql/seeds/plan_activities.csv:
-- their first and last years); once the latest final year has reached a target's year, the target
-- is achieved or not_achieved, never behind. DuckDB cannot change a CHECK constraint in place, so
-- the table (rebuilt by every transform) is made anew with its comments.
create table mart.plan_progress_017 (
    indicator_id varchar not null,
    area_code varchar not null,
    area_name varchar not null,
    baseline_year integer not null,
    baseline_value double,
    target_year integer not null,
    target_value double not null,
    latest_year integer,
    latest_value double,
    latest_status varchar,
    progress_pct double,
    plan_status varchar not null,
    is_example boolean not null,
    plan_start_year integer,
    plan_end_year integer,
    primary key (indicator_id, area_code),
    check (target_year > baseline_year),
    check (plan_status in ('on_track', 'behind', 'achieved', 'not_achieved', 'no_data'))
);

insert into mart.plan_progress_017 by name select * from mart.plan_progress;
drop table mart.plan_progress;
alter table mart.plan_progress_017 rename to plan_progress;

comment on table mart.plan_progress is 'Progress towards each plan target: the value of the latest final year (not preliminary) against baseline and target. Grain: one row per (indicator_id, area_code).';
comment on column mart.plan_progress.indicator_id is 'Indicator the target is set on';
comment on column mart.plan_progress.area_code is 'Area the target is for';
comment on column mart.plan_progress.area_name is 'Name of the area';
comment on column mart.plan_progress.baseline_year is 'Year of the baseline';
comment on column mart.plan_progress.baseline_value is 'Value at the baseline (from the seed, or the published value of baseline_year)';
comment on column mart.plan_progress.target_year is 'Year the target is for';
comment on column mart.plan_progress.target_value is 'Target value';
comment on column mart.plan_progress.latest_year is 'Latest final year (status ok, not preliminary) with a value for the area; a newer preliminary year is never used';
comment on column mart.plan_progress.latest_value is 'That value';
comment on column mart.plan_progress.latest_status is 'Its status (ok)';
comment on column mart.plan_progress.progress_pct is 'Share of the way from baseline to target reached, %: 0 at baseline, 100 at target; from unrounded values';
comment on column mart.plan_progress.plan_status is 'on_track | behind | achieved | not_achieved | no_data; once latest_year has reached target_year: achieved or not_achieved';
comment on column mart.plan_progress.is_example is 'true: an EXAMPLE target shipped with asfetl, to be replaced by the region';
comment on column mart.plan_progress.plan_start_year is 'First year of the plan (the earliest first_year of its activities)';
comment on column mart.plan_progress.plan_end_year is 'Last year of the plan (the latest last_year of its activities)';
