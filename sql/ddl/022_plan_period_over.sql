-- Purpose: a plan that has ended says so, and a target is judged against its own year (issue 24).
-- Once the year of the run's date is after the plan's end year, period_over is true; a target
-- whose year is final (status ok) is judged on that year's value (achieved | not_achieved); one
-- whose year has passed and is not final is not_final (its coverage beside it and the last final
-- year's value); on_track and behind only while the target's year is still ahead. A target whose
-- baseline and judged year lie across a series break carries the break's note. DuckDB cannot
-- change a CHECK constraint in place, so the table (rebuilt by every transform) is made anew.
create table mart.plan_progress_022 (
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
    as_of_year integer,
    period_over boolean,
    judged_year integer,
    target_year_status varchar,
    target_year_coverage_pct double,
    break_year integer,
    break_note_sv varchar,
    break_note_en varchar,
    primary key (indicator_id, area_code),
    check (target_year > baseline_year),
    check (plan_status in ('on_track', 'behind', 'achieved', 'not_achieved', 'not_final', 'no_data'))
);

insert into mart.plan_progress_022 by name select * from mart.plan_progress;
drop table mart.plan_progress;
alter table mart.plan_progress_022 rename to plan_progress;

comment on table mart.plan_progress is 'Progress towards each plan target, judged against the target''s own year once that year is final; before it, the latest final year (never a preliminary one) against the time elapsed. Grain: one row per (indicator_id, area_code).';
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
comment on column mart.plan_progress.progress_pct is 'Share of the way from baseline to target reached at judged_year, %: 0 at baseline, 100 at target; from unrounded values';
comment on column mart.plan_progress.plan_status is 'achieved | not_achieved (judged on the target year''s final value) | not_final (the target year has passed and is not final yet: see target_year_coverage_pct) | on_track | behind (the target year still ahead: progress against the time elapsed at latest_year) | no_data';
comment on column mart.plan_progress.is_example is 'true: an EXAMPLE target shipped with asfetl, to be replaced by the region';
comment on column mart.plan_progress.plan_start_year is 'First year of the plan (the earliest first_year of its activities)';
comment on column mart.plan_progress.plan_end_year is 'Last year of the plan (the latest last_year of its activities)';
comment on column mart.plan_progress.as_of_year is 'The year of the date the warehouse was built at';
comment on column mart.plan_progress.period_over is 'true once as_of_year is after plan_end_year: the plan''s period has ended';
comment on column mart.plan_progress.judged_year is 'The year progress_pct and the verdict refer to: target_year when it is final, else latest_year';
comment on column mart.plan_progress.target_year_status is 'Status of the target year''s value (ok | preliminary | missing | suppressed), NULL when there is none yet';
comment on column mart.plan_progress.target_year_coverage_pct is 'For an ASF indicator: the region''s share of the target year''s expected reports received, %';
comment on column mart.plan_progress.break_year is 'A series break (mart.indicator_breaks) between baseline_year and judged_year: its first year; NULL when none';
comment on column mart.plan_progress.break_note_sv is 'What changed at that break, in Swedish';
comment on column mart.plan_progress.break_note_en is 'What changed at that break, in English';
