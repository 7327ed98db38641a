-- Purpose: the restricted layer: unsuppressed figures from the enterprise reports, needed to
-- apply disclosure control. Never published in the marts, never exported, never on a dashboard.
create schema if not exists restricted;
