-- compose.yaml: one PostgreSQL server, one database per province (data stays with its province;
-- in production each province runs its own server). Runs once, on an empty data volume.
CREATE DATABASE chongqing;
CREATE DATABASE sichuan;
