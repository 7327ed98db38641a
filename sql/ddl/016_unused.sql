-- Purpose: none. Version 016 was left unused when two changes numbered their migrations at the
-- same time (017_plan_period and 018_indicator_breaks); this file keeps the versions contiguous,
-- as tests/warehouse/test_warehouse.py expects. It changes nothing.
select 1;
