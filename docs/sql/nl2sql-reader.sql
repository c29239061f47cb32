-- A SELECT-only role for nl2sql. Run it as a superuser (or the owner of the schema) while connected to the
-- database nl2sql will read, e.g.:  psql -d chinook -f docs/sql/nl2sql-reader.sql
-- Then set a password (ALTER ROLE nl2sql_reader PASSWORD '...') or use certificate/peer authentication,
-- and configure:  user: nl2sql_reader   password_env: NL2SQL_READER_PASSWORD
-- Change 'public' below if your tables live in other schemas. Re-running it is harmless.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'nl2sql_reader') THEN
    CREATE ROLE nl2sql_reader LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS;
  END IF;
END $$;

-- Server-side defaults that hold even if a client forgets them.
ALTER ROLE nl2sql_reader SET default_transaction_read_only = on;
ALTER ROLE nl2sql_reader SET statement_timeout = '30s';
ALTER ROLE nl2sql_reader SET lock_timeout = '5s';
ALTER ROLE nl2sql_reader SET idle_in_transaction_session_timeout = '60s';

-- Reach this database, read its tables, nothing else.
DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO nl2sql_reader', current_database()); END $$;
GRANT USAGE ON SCHEMA public TO nl2sql_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO nl2sql_reader;
-- Tables created later by the role running this script are readable too.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO nl2sql_reader;
-- PostgreSQL 14 and older let every role create objects in schema public.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
