"""The DuckDB warehouse: its file, its migrations, its loads, its models and its publishing.

`database` opens connections, applies the migrations in `sql/ddl` and upserts rows in one
transaction; `landing` keeps every fetched payload on disk and in `raw.payloads`;
`transform` loads the seeds and builds the SQL models in dependency order; `publish` holds the
writer lock, builds in a private copy and swaps it over the published file only when a run
succeeded, so readers never see a half-built warehouse.
"""
