-- Purpose: the intermediate layer: business logic between staging (rename and cast only) and
-- the marts: the current reports, the areas' hierarchy, one model per indicator family.
-- Its tables are rebuilt by every transform (sql/intermediate/*.sql). The models that lived in
-- staging before this layer existed are dropped, so that no stale copy is left to be read.
create schema if not exists intermediate;

drop table if exists staging.int_reports__current_reports;
drop table if exists staging.int_reports__report_areas;
drop table if exists staging.int_reports__current_activity_reports;
drop table if exists staging.int_reports__activity_indicators;
