#!/usr/bin/env bash
# Mounted into the mysql container as /docker-entrypoint-initdb.d/10-fcfs.sh; runs once, on an empty data
# volume, against the entrypoint's temporary socket-only server. The entrypoint sources or executes it
# depending on the file mode, so it uses only the plain mysql client, not the entrypoint's functions.
set -euo pipefail
FCFS_DB_HOSTS='%' bash /fcfs/mysql/grants.sh |
  MYSQL_PWD="$MYSQL_ROOT_PASSWORD" mysql --protocol=socket -uroot
