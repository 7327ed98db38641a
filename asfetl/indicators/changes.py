"""Which indicators a run changed: the mart's values before the models ran, compared with after.

Operators want to know whether a run moved any published figure, not only that it ran. The
previous values are kept in a temporary table of the build connection (never published).
"""

import duckdb

PREVIOUS = "asfetl_previous_indicator_values"


def remember_indicator_values(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        f"""
        create or replace temp table {PREVIOUS} as
        select indicator_id, area_code, year, value, status from mart.indicator_values
        """
    )


def changed_indicator_values(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Per indicator, how many (area, year) values were added, removed or changed in value or status."""
    rows = con.execute(
        f"""
        with current as (
            select indicator_id, area_code, year, value, status from mart.indicator_values
        )
        select coalesce(c.indicator_id, p.indicator_id) as indicator_id, count(*) as changed
        from current c
        full outer join {PREVIOUS} p
            on c.indicator_id = p.indicator_id and c.area_code = p.area_code and c.year = p.year
        where c.indicator_id is null or p.indicator_id is null
           or c.value is distinct from p.value or c.status is distinct from p.status
        group by all
        order by indicator_id
        """
    ).fetchall()
    con.execute(f"drop table if exists {PREVIOUS}")
    return dict(rows)
