-- Purpose: describe every mart table and column in the catalogue, so that DBeaver, the duckdb
-- CLI and docs/data_dictionary.md show analysts what each one means.
comment on table mart.indicator_values is 'Every indicator value per area and year; what dashboards read. Grain: one row per (indicator_id, area_code, year). Suppressed values are NULL with status suppressed.';
comment on column mart.indicator_values.indicator_id is 'Stable indicator id; see mart.indicators';
comment on column mart.indicator_values.area_code is 'SCB area code: 00 Sweden, 18 a county, 1880 a municipality';
comment on column mart.indicator_values.area_name is 'Area name in Swedish (SCB)';
comment on column mart.indicator_values.area_level is 'country | county | municipality';
comment on column mart.indicator_values.year is 'Reference year (population: 31 December of the year)';
comment on column mart.indicator_values.value is 'The value; NULL when not publishable (see status)';
comment on column mart.indicator_values.status is 'ok | suppressed (disclosure control: shown as <5) | missing (the source has no value) | preliminary (built on a population not yet published for the year)';
comment on column mart.indicator_values.unit is 'Unit of the value, Swedish / English';
comment on column mart.indicator_values.source is 'Attribution (Källa: …), source table or KPI, and whether it is sample data';
comment on column mart.indicator_values.updated_at is 'When the data behind the value was last loaded';

comment on table mart.indicators is 'The indicator catalogue. Grain: one row per indicator_id.';
comment on column mart.indicators.indicator_id is 'Stable indicator id (a contract: its meaning never changes)';
comment on column mart.indicators.name_sv is 'Name in Swedish';
comment on column mart.indicators.name_en is 'Name in English';
comment on column mart.indicators.description_sv is 'Definition, numerator, denominator and source, in Swedish';
comment on column mart.indicators.description_en is 'Definition, numerator, denominator and source, in English';
comment on column mart.indicators.unit is 'Unit, Swedish / English';
comment on column mart.indicators.source is 'Attribution: Källa: SCB, Källa: Kolada, or the enterprises'' reports';
comment on column mart.indicators.plan_goal is 'The plan sub-goal the indicator follows (1–4), or context';
comment on column mart.indicators.higher_is_better is 'Direction: true when a higher value is better, NULL when neutral';

comment on table mart.build_info is 'The published build: which run made it and whether it holds SAMPLE data. One row.';
comment on column mart.build_info.run_id is 'The run that published this file (see ops.runs)';
comment on column mart.build_info.built_at is 'When the run published this file';
comment on column mart.build_info.data_mode is 'live | sample | mixed: sample data must not be used as statistics';
comment on column mart.build_info.region_code is 'The county the run covers (00: the whole country)';
comment on column mart.build_info.region_name is 'Name of that region';
comment on column mart.build_info.first_year is 'First year of statistics pulled (ASFETL_FIRST_YEAR)';
comment on column mart.build_info.asfetl_version is 'asfetl version that built the file';

comment on table mart.enterprises is 'Enterprise master from the reports: name, legal form and municipality over time. Grain: one row per (organisationsnummer, valid_from_year).';
comment on column mart.enterprises.organisationsnummer is 'Organisation number NNNNNN-NNNN';
comment on column mart.enterprises.foretagsnamn is 'Enterprise name as reported';
comment on column mart.enterprises.juridisk_form is 'Legal form: ekonomisk_forening, ideell_forening, aktiebolag, stiftelse, annan';
comment on column mart.enterprises.kommunkod is 'Municipality where the enterprise operates';
comment on column mart.enterprises.valid_from_year is 'First report year with this name, form and municipality';
comment on column mart.enterprises.valid_to_year is 'Last report year of this version; NULL while current';

comment on table mart.plan_progress is 'Progress towards each plan target: latest value against baseline and target. Grain: one row per (indicator_id, area_code).';
comment on column mart.plan_progress.indicator_id is 'Indicator the target is set on';
comment on column mart.plan_progress.area_code is 'Area the target is for';
comment on column mart.plan_progress.area_name is 'Name of the area';
comment on column mart.plan_progress.baseline_year is 'Year of the baseline';
comment on column mart.plan_progress.baseline_value is 'Value at the baseline (from the seed, or the published value of baseline_year)';
comment on column mart.plan_progress.target_year is 'Year the target is for';
comment on column mart.plan_progress.target_value is 'Target value';
comment on column mart.plan_progress.latest_year is 'Latest year with a published value';
comment on column mart.plan_progress.latest_value is 'That value';
comment on column mart.plan_progress.latest_status is 'Its status (ok or preliminary)';
comment on column mart.plan_progress.progress_pct is 'Share of the way from baseline to target reached, %: 0 at baseline, 100 at target';
comment on column mart.plan_progress.plan_status is 'on_track | behind | achieved | no_data';
comment on column mart.plan_progress.is_example is 'true: an EXAMPLE target shipped with asfetl, to be replaced by the region';

comment on table mart.plan_activities is 'The plan''s activities and their sub-goals. Grain: one row per activity_id.';
comment on column mart.plan_activities.activity_id is 'Activity id (A01–A18)';
comment on column mart.plan_activities.subgoal_id is 'Sub-goal 1–4 of the plan';
comment on column mart.plan_activities.subgoal_name_sv is 'Sub-goal name in Swedish';
comment on column mart.plan_activities.subgoal_name_en is 'Sub-goal name in English';
comment on column mart.plan_activities.name_sv is 'Activity name in Swedish';
comment on column mart.plan_activities.name_en is 'Activity name in English';
comment on column mart.plan_activities.owner is 'Who is responsible (a role)';
comment on column mart.plan_activities.first_year is 'First year of the activity';
comment on column mart.plan_activities.last_year is 'Last year of the activity';
comment on column mart.plan_activities.is_example is 'true: an EXAMPLE activity shipped with asfetl, to be replaced by the region';
