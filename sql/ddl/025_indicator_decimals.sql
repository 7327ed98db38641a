-- Purpose: the precision each indicator's values are exported with (the catalogue's decimals
-- column); mart.indicator_values keeps the unrounded value for those who need it.
alter table mart.indicators add column decimals integer;

comment on column mart.indicators.decimals is 'Decimals the exports (warehouse/exports) round this indicator''s values to: 0 for counts (antal, personer: written as whole numbers) and kronor, 1 for percentages and rates. mart.indicator_values keeps the unrounded value.';
