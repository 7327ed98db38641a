-- Purpose: Sweden beside every county's run, and women and men beside the total (issue 26).
-- Sweden ('00', area_level 'country') is published in every run for the open-statistics
-- indicators (SCB, Kolada): in a county's run as a benchmark only, never an area the ASF figures
-- add up into. Where the publisher splits a value by sex (Kolada's genders K and M beside T),
-- women's and men's values stand beside the total in the same row, so the total's grain
-- (indicator_id, area_code, year) and every query of it stay as they were.
alter table mart.indicator_values add column value_women double;
alter table mart.indicator_values add column value_men double;

comment on column mart.indicator_values.value_women is 'Women''s value where the publisher splits the indicator by sex (Kolada''s gender K), in the unit of value; NULL where it does not (SCB population, a KPI Kolada does not divide by gender, every ASF figure: the enterprises'' reports have no split) and whenever value is NULL (a hidden or missing total never leaves its split visible).';
comment on column mart.indicator_values.value_men is 'Men''s value where the publisher splits the indicator by sex (Kolada''s gender M), in the unit of value; NULL where it does not (SCB population, a KPI Kolada does not divide by gender, every ASF figure: the enterprises'' reports have no split) and whenever value is NULL (a hidden or missing total never leaves its split visible).';
comment on column mart.indicator_values.area_code is 'SCB area code: 00 Sweden, 18 a county, 1880 a municipality. A county''s run publishes Sweden (00) too, for the open-statistics indicators only, as a benchmark to read the county and its municipalities against (Kolada''s 0000 and SCB''s 00 as the publisher has them, never computed here).';
comment on column mart.indicator_values.area_level is 'country | county | municipality. In a county''s run the country (Sweden) is a benchmark only: it has no ASF figures and nothing adds up into it.';
