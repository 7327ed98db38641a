"""Running the pipeline and watching it run.

`pipeline` runs the steps once (`run_pipeline`), each handing its result to the next: the
open-statistics steps (extract, parse, validate, load) are in `statistics`, the run's frame
(writer lock, build, migrations, journal) in `run_context`, and intake, transform and publish in
`pipeline` itself. `runs` journals every run into `ops.runs`; `freshness` says whether each
source was refreshed as often as expected; `summary` writes a run's markdown summary (the Prefect
artifact); `notify` calls the operator's webhook. Prefect itself appears only in `flows/`, which
wraps these steps as tasks.
"""
