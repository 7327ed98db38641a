"""Prefect flows: wiring, retries and schedules only; the work is done by the asfetl library."""
