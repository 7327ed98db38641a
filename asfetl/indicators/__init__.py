"""The published indicators and everything built on them once they are in the warehouse.

Disclosure control (`disclosure`: which cells may be shown), what changed between two builds
(`changes`), the files analysts take away (`exports`: Parquet and CSV of every mart table), the
data dictionary from the tables' comments (`dictionary`) and the read-only queries the command
line uses (`reading`). Nothing here fetches or loads data: it reads the mart tables that
`asfetl.warehouse` built.
"""
