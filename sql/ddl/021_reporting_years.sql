-- Purpose: the enterprise reports' years as an operator and a reader see them (issue 24): every
-- year from the first reported one up to the last whose reports are due, with how many reports
-- were expected and came, and when they were due, so that a year nobody has reported for is
-- shown as overdue instead of not existing.
create table mart.reporting_years (
    year integer primary key,
    expected integer not null,
    reported integer not null,
    coverage_pct double,
    due_date date not null,
    state varchar not null,
    check (state in ('final', 'open', 'overdue'))
);

comment on table mart.reporting_years is 'The enterprise reports per reporting year for the region: expected, received, due date and state. Grain: one row per year, from the first year with reports up to the later of the last year with reports and the last year whose reports are due (a year not yet due with no report is not shown).';
comment on column mart.reporting_years.year is 'The year the reports are about';
comment on column mart.reporting_years.expected is 'Reports expected for the year in the region (see asf_reports_expected in mart.indicators)';
comment on column mart.reporting_years.reported is 'Accepted reports received for the year';
comment on column mart.reporting_years.coverage_pct is 'reported / expected, in percent; NULL when none was expected';
comment on column mart.reporting_years.due_date is 'The day the year''s reports were or are due (ASFETL_REPORT_DUE of the year after)';
comment on column mart.reporting_years.state is 'final (due and enough in: ASFETL_REPORT_COVERAGE_THRESHOLD), open (not yet due), overdue (due and not enough in: reports need chasing)';

-- `asfetl status` shows one line per dataset with the number of requests of its latest check
alter table mart.source_freshness add column requests integer;
comment on column mart.source_freshness.requests is 'Requests (payloads) of the dataset''s latest check; NULL for submitted reports';
