#!/usr/bin/env bash
# Prints the SQL that creates the four subgraph databases and one user per database, allowed only on its
# own database. Idempotent (IF NOT EXISTS + ALTER USER), so re-running it re-applies passwords.
# Shared by the native setup (scripts/infra.sh, hosts localhost and 127.0.0.1) and the MySQL container's
# first start (initdb.sh, host '%' because the services connect from other containers).
# Input: USERS_DB_PASSWORD, CATALOG_DB_PASSWORD, ORDERS_DB_PASSWORD, PAYMENTS_DB_PASSWORD; FCFS_DB_HOSTS.
set -euo pipefail

hosts="${FCFS_DB_HOSTS:-localhost 127.0.0.1}"

sql_string() {
  local value="${1//\\/\\\\}"
  printf "'%s'" "${value//\'/\'\'}"
}

# Each subgraph migrates its own schema, so DDL is granted too, but nothing outside its database.
privileges='SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX, REFERENCES,
  CREATE TEMPORARY TABLES, LOCK TABLES, CREATE VIEW, SHOW VIEW, TRIGGER'

for subgraph in users catalog orders payments; do
  password_var="${subgraph^^}_DB_PASSWORD"
  password="${!password_var:?$password_var is not set}"
  name="fcfs_$subgraph"
  echo "CREATE DATABASE IF NOT EXISTS \`$name\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
  for host in $hosts; do
    account="'$name'@$(sql_string "$host")"
    echo "CREATE USER IF NOT EXISTS $account IDENTIFIED BY $(sql_string "$password");"
    echo "ALTER USER $account IDENTIFIED BY $(sql_string "$password");"
    echo "GRANT $privileges ON \`$name\`.* TO $account;"
  done
done
