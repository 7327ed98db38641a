"""Every query the dashboard makes: read-only SQL on the published mart (and run records in ops)."""

import duckdb
import pandas as pd

from asfetl.indicators.comparison import PUBLISHER_INDICATORS_SQL

# name -> SQL. The dashboard reads nothing else: benchmarks time exactly these. Never restricted.*,
# raw.* or staging.*; validation findings only as counts per dataset and rule, never their values.
QUERIES: dict[str, str] = {
    # the open statistics, by the rule `asfetl indicators` uses for its reasons
    "publisher_indicators": PUBLISHER_INDICATORS_SQL,
    "build_info": """
        select run_id, built_at, data_mode, region_code, region_name, first_year, asfetl_version
        from mart.build_info
        order by built_at desc
        limit 1
    """,
    "indicators": """
        select indicator_id, name_sv, name_en, description_sv, description_en, unit, source,
               plan_goal, higher_is_better, disclosure
        from mart.indicators
        order by indicator_id
    """,
    "indicator_breaks": """
        select indicator_id, from_year, note_sv, note_en
        from mart.indicator_breaks
        order by indicator_id, from_year
    """,
    "indicator_values": """
        select indicator_id, area_code, area_name, area_level, year, value, status, unit, source,
               suppression_reason
        from mart.indicator_values
        order by indicator_id, area_code, year
    """,
    # Women's and men's values beside the total, where the source splits by sex (the total's
    # rows, grain and ids unchanged). columns(): a warehouse from before issue 26 has no
    # value_women and value_men, and the page then offers no split instead of failing.
    "indicator_sex_split": """
        select columns('^(indicator_id|area_code|year|value_women|value_men)$')
        from mart.indicator_values
        order by indicator_id, area_code, year
    """,
    "plan_progress": """
        select *
        from mart.plan_progress
        order by indicator_id, area_code
    """,
    # select *: the follow-up columns (status, status_year, meetings_held, meetings_planned) are
    # optional; charts.activity_frame fills in the ones an older warehouse does not have.
    "plan_activities": """
        select *
        from mart.plan_activities
        order by activity_id
    """,
    "reporting_years": """
        select year, expected, reported, coverage_pct, due_date, state
        from mart.reporting_years
        order by year
    """,
    "source_freshness": """
        select source, dataset, last_checked, last_changed, is_sample
        from mart.source_freshness
        order by source, dataset
    """,
    "runs": """
        select run_id, started_at, finished_at, status, mode, error_message
        from ops.runs
        order by started_at desc
        limit 5
    """,
    # The findings of the run that published this warehouse, counted: which rules broke, not what.
    "validation": """
        select dataset, severity, rule, any_value(message) as message,
               any_value(message_sv) as message_sv, count(*) as findings
        from ops.validation_findings
        where run_id = (select run_id from mart.build_info order by built_at desc limit 1)
        group by dataset, severity, rule
        order by dataset, severity, rule
    """,
}


def load_dashboard_data(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """Run every query of QUERIES on a (read-only) connection; return name -> frame."""
    return {name: con.execute(sql).df() for name, sql in QUERIES.items()}
