-- Purpose: the action plan beside the indicators: how far each target has come, and the activities.
-- Targets, activities and sub-goals are configuration the region fills in (sql/seeds/plan_*.csv);
-- the shipped rows are examples (is_example = true), never the plan's official figures.
-- mart.plan_progress grain: one row per (indicator_id, area_code) with a target.
-- mart.plan_activities grain: one row per activity_id.
create table mart.plan_progress (
    indicator_id varchar not null,
    area_code varchar not null,
    area_name varchar not null,
    baseline_year integer not null,
    baseline_value double,            -- NULL when the seed leaves it blank and nothing was published
    target_year integer not null,
    target_value double not null,
    latest_year integer,              -- the latest year with a published value; NULL when none
    latest_value double,
    latest_status varchar,            -- ok | preliminary; NULL when nothing is published
    progress_pct double,              -- 0 at baseline, 100 at target; may be < 0 or > 100
    plan_status varchar not null,     -- on_track | behind | achieved | no_data
    is_example boolean not null,      -- an example target shipped with asfetl, not the region's own
    primary key (indicator_id, area_code),
    check (target_year > baseline_year),
    check (plan_status in ('on_track', 'behind', 'achieved', 'no_data'))
);

create table mart.plan_activities (
    activity_id varchar primary key,
    subgoal_id integer not null,
    subgoal_name_sv varchar not null, -- NOT NULL: an activity naming an unknown sub-goal fails the run
    subgoal_name_en varchar not null,
    name_sv varchar not null,
    name_en varchar not null,
    owner varchar,                    -- a role or organisation, never a person
    first_year integer,
    last_year integer,
    is_example boolean not null,      -- an example activity shipped with asfetl, not the region's own
    check (first_year <= last_year)
);
