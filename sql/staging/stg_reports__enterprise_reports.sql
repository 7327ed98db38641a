-- Purpose: every accepted enterprise report row, renamed and typed (superseded ones included).
-- Grain: one row per (file_sha256, file_row). Key: file_sha256, file_row.
-- Upstream: raw.enterprise_reports.
with source as (
    select * from raw.enterprise_reports
),

renamed as (
    select
        organisationsnummer as orgnr,
        cast(rapportar as integer) as report_year,
        foretagsnamn as enterprise_name,
        kommunkod as municipality_code,
        juridisk_form as legal_form,
        cast(anstallda_totalt as integer) as employees_total,
        cast(anstallda_malgrupp as integer) as employees_target_group,
        cast(deltagare as integer) as participants,
        cast(overgang_arbete as integer) as transitions_work,
        cast(overgang_studier as integer) as transitions_studies,
        cast(omsattning_sek as double) as turnover_sek,
        cast(forsaljning_sek as double) as sales_revenue_sek,
        cast(offentliga_avtal as integer) as public_contracts,
        cast(reserverade_avtal as integer) as reserved_contracts,
        file_name,
        file_sha256,
        row_number as file_row,
        received_at,
        is_sample
    from source
)

select * from renamed
