"""Running the pipeline and watching it run.

`pipeline` holds the steps (extract, parse, validate, load, intake, transform, publish) as
plain functions and `run_pipeline` runs them once; `runs` journals every run into `ops.runs`;
`freshness` says whether each source was refreshed as often as expected; `summary` writes a
run's markdown summary (the Prefect artifact); `notify` calls the operator's webhook. Prefect
itself appears only in `flows/`, which wraps these steps as tasks.
"""
