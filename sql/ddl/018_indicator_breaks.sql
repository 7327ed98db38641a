-- Purpose: where an indicator's series changes definition or source (an age band widened, a
-- table replaced), so that readers never compare the years on either side as if alike.
create table mart.indicator_breaks (
    indicator_id varchar not null,
    from_year integer not null,
    note_sv varchar not null,
    note_en varchar not null,
    primary key (indicator_id, from_year)
);

comment on table mart.indicator_breaks is 'Breaks in a series: from which year an indicator is defined or sourced differently. Grain: one row per (indicator_id, from_year). Filled from sql/seeds/indicator_breaks.csv.';
comment on column mart.indicator_breaks.indicator_id is 'The indicator whose series breaks; see mart.indicators';
comment on column mart.indicator_breaks.from_year is 'The first year of the new definition: values before it and from it are not alike';
comment on column mart.indicator_breaks.note_sv is 'What changed, in Swedish';
comment on column mart.indicator_breaks.note_en is 'What changed, in English';
