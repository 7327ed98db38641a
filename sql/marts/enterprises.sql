-- Purpose: the enterprise master: name, legal form and municipality over time, from the reports.
-- Grain: one row per (organisationsnummer, valid_from_year): a new row whenever one of the three
-- changes between report years. Key: organisationsnummer, valid_from_year.
-- Upstream: intermediate.int_reports__current_reports.
with reports as (
    select * from intermediate.int_reports__current_reports
),

changes as (
    select
        orgnr,
        report_year,
        enterprise_name,
        legal_form,
        municipality_code,
        (enterprise_name, legal_form, municipality_code) is distinct from lag(
            (enterprise_name, legal_form, municipality_code)
        ) over (partition by orgnr order by report_year) as changed
    from reports
),

versions as (
    select * from changes where changed
),

final as (
    select
        orgnr as organisationsnummer,
        enterprise_name as foretagsnamn,
        legal_form as juridisk_form,
        municipality_code as kommunkod,
        report_year as valid_from_year,
        lead(report_year) over (partition by orgnr order by report_year) - 1 as valid_to_year
    from versions
)

select * from final
