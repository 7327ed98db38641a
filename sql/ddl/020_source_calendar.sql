-- Purpose: the publishers' calendar read right (issue 24). Kolada's publ_period is the period its
-- NEXT publication (on publication_date) delivers, not the newest period out: it is kept as
-- next_period; latest_period stays the newest period out when the check ran. loaded_period is
-- the newest period loaded when the check ran, so that `asfetl status` reads the calendar from
-- ops alone (the published file need not hold the raw tables).
alter table ops.source_definitions add column next_period integer;
alter table ops.source_definitions add column loaded_period integer;
comment on column ops.source_definitions.latest_period is
    'the newest period out when checked (Kolada: publ_period - 1 before publication_date, publ_period from that day)';
comment on column ops.source_definitions.next_period is
    'the period the next planned publication delivers (Kolada''s publ_period)';
comment on column ops.source_definitions.loaded_period is
    'the newest period loaded when checked';
