#!/bin/bash
# Runs once, when the replica's data directory is first initialised (the MySQL image's /docker-entrypoint-initdb.d):
# lets the application's account read the replication status (wenzheng checks each replica's lag), then replicates
# the primary from the start of its binary log with GTID auto-positioning. The image's own initialisation (database,
# user) is not written to the binary log on either side, so only the application's changes replicate.
set -euo pipefail
mysql -uroot -p"$MYSQL_ROOT_PASSWORD" <<SQL
GRANT REPLICATION CLIENT ON *.* TO '${MYSQL_USER}'@'%';
CHANGE REPLICATION SOURCE TO SOURCE_HOST='mysql', SOURCE_PORT=3306, SOURCE_USER='root', SOURCE_PASSWORD='${PRIMARY_ROOT_PASSWORD}',
  SOURCE_AUTO_POSITION=1, GET_SOURCE_PUBLIC_KEY=1, SOURCE_CONNECT_RETRY=5;
START REPLICA;
-- Read-only from now on, across restarts (set here, not on the command line: the image's own initialisation writes).
SET PERSIST read_only = ON;
SET PERSIST super_read_only = ON;
SQL
