-- One PostgreSQL server, one database per service (docker-compose.yml runs this once, on the
-- first start of an empty data directory, as POSTGRES_USER). No service reads another's
-- database; production gives each service its own role and DATABASE_URL (deploy/k8s/).
CREATE DATABASE placement;
CREATE DATABASE allowance;
CREATE DATABASE notification;
CREATE DATABASE reporting;
