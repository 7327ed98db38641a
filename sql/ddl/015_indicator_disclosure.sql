-- Purpose: the catalogue says how disclosure control treats each indicator (from the seed's
-- disclosure column), so that readers show a hidden value the same way everywhere. The default
-- only fills the rows already there until the next build rewrites them; new rows must say.
alter table mart.indicators add column disclosure varchar not null default 'none';
alter table mart.indicators alter column disclosure drop default;

comment on column mart.indicators.disclosure is 'Disclosure control: people (counts of people; 1–4 hidden, shown as <5) | money (enterprise sums; hidden with fewer than 3 enterprises or one above 85 %, shown as ..) | rate (hidden when a part is hidden, shown as ..) | none';
