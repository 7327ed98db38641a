-- Purpose: superseding, stated once: of several accepted reports for the same key (an enterprise
-- and year, an activity and year), the one received last counts; same arrival time: the later
-- file name; same file: the later row. newest_first(...) = 1 is the report that counts, 2 the one
-- it superseded, and so on.
-- Used by intermediate.int_reports__current_reports, intermediate.int_reports__current_activity_reports
-- and asfetl.reports.intake (the previous figures of the tenfold check, the superseded counts).
create or replace temp macro newest_first(report_key, received_at, file_name, file_row) as
    row_number() over (
        partition by report_key order by received_at desc, file_name desc, file_row desc
    );
