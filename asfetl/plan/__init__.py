"""A region's action plan: its folder of CSVs, their columns, the check and the blank template."""
