"""Reports that work-integrating social enterprises submit: schema, readers, checks, intake."""
