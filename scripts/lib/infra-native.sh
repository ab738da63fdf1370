# Native infrastructure for machines without a Docker engine: the system's MariaDB and Redis, Apache Kafka's
# jars from Maven Central on the JVM (KRaft), and maildev as the SMTP catcher. Sourced by scripts/infra.sh.
# shellcheck shell=bash

KAFKA_POM="$FCFS_ROOT/infra/kafka/pom.xml"
KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$KAFKA_POM")"
KAFKA_LIBS="${XDG_CACHE_HOME:-$HOME/.cache}/fcfs/kafka-$KAFKA_VERSION/libs"
KAFKA_HOME="$INFRA_DIR/kafka"
KAFKA_PID="$INFRA_DIR/kafka.pid"
KAFKA_LOG="$LOG_DIR/kafka.log"
KAFKA_LOG4J="file:$FCFS_ROOT/infra/kafka/log4j.properties"
KAFKA_BOOTSTRAP=127.0.0.1:9092

MAILDEV="$FCFS_ROOT/node_modules/maildev/bin/maildev"
MAIL_PID="$INFRA_DIR/mailcatcher.pid"
MAIL_LOG="$LOG_DIR/mailcatcher.log"

# --- MySQL (MariaDB) ----------------------------------------------------------------------------------

mysql_client() { "$(command -v mariadb || command -v mysql)" "$@"; }
mysql_alive() { "$(command -v mariadb-admin || command -v mysqladmin)" ping --silent >/dev/null; }

mysql_user_can_login() {
  local subgraph=$1 password
  password=$(env_get "$LOCAL_ENV" "${subgraph^^}_DB_PASSWORD")
  MYSQL_PWD=$password mysql_client -h 127.0.0.1 -P 3306 -u "fcfs_$subgraph" -N -e 'SELECT 1' "fcfs_$subgraph"
}

mysql_up() {
  command -v mariadb-admin >/dev/null || command -v mysqladmin >/dev/null ||
    die "no MariaDB/MySQL client found (apt-get install mariadb-server)"
  if ! mysql_alive 2>/dev/null; then
    [[ -x /usr/sbin/mariadbd ]] || die "MariaDB is not running and /usr/sbin/mariadbd is missing (apt-get install mariadb-server)"
    say "MariaDB is not answering; starting the system server"
    install -d -o mysql -g mysql /run/mysqld 2>/dev/null || true
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd ||
      die "could not start /usr/sbin/mariadbd (needs root)"
    wait_until 30 mysql_alive || die "MariaDB did not answer within 30 s (see its error log, e.g. journalctl or /var/log/mysql)"
  fi
  local subgraph
  local -a passwords=()
  for subgraph in "${SUBGRAPHS[@]}"; do
    passwords+=("${subgraph^^}_DB_PASSWORD=$(env_get "$LOCAL_ENV" "${subgraph^^}_DB_PASSWORD")")
  done
  env "${passwords[@]}" FCFS_DB_HOSTS="localhost 127.0.0.1" bash "$FCFS_ROOT/infra/mysql/grants.sh" |
    mysql_client -uroot || die "could not create the fcfs_* databases and users as MariaDB root (socket login as root needed)"
}

mysql_status() {
  if ! mysql_alive 2>/dev/null; then
    echo "MySQL     down  nothing answers on 127.0.0.1:3306"
    return 1
  fi
  local subgraph refused=()
  for subgraph in "${SUBGRAPHS[@]}"; do
    mysql_user_can_login "$subgraph" >/dev/null 2>&1 || refused+=("fcfs_$subgraph")
  done
  if ((${#refused[@]})); then
    echo "MySQL     up    system server on 127.0.0.1:3306, but ${refused[*]} cannot log in with .infra/local.env (run: pnpm infra:up)"
    return 1
  fi
  local version
  version=$(MYSQL_PWD=$(env_get "$LOCAL_ENV" USERS_DB_PASSWORD) mysql_client -h 127.0.0.1 -u fcfs_users -N -e 'SELECT VERSION()')
  echo "MySQL     up    system server ($version) on 127.0.0.1:3306; fcfs_users, fcfs_catalog, fcfs_orders, fcfs_payments, each with its own user"
}

# --- Redis ----------------------------------------------------------------------------------------------

redis_alive() { [[ $(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null) == PONG ]]; }

redis_up() {
  need redis-cli "apt-get install redis-server"
  redis_alive && return 0
  say "Redis is not answering; starting the system server"
  install -d /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log >/dev/null || die "could not start redis-server"
  wait_until 10 redis_alive || die "Redis did not answer within 10 s (see /var/log/redis/ci.log)"
}

redis_status() {
  if ! redis_alive; then
    echo "Redis     down  nothing answers on 127.0.0.1:6379"
    return 1
  fi
  local version
  version=$(redis-cli -h 127.0.0.1 -p 6379 info server | sed -n 's/^redis_version:\([^\r]*\).*/\1/p')
  echo "Redis     up    system server (redis $version) on 127.0.0.1:6379"
}

# --- Kafka ----------------------------------------------------------------------------------------------

kafka_libs() {
  [[ -f $KAFKA_LIBS/.complete ]] && return 0
  need mvn "apt-get install maven"
  say "fetching Apache Kafka $KAFKA_VERSION jars from Maven Central into $KAFKA_LIBS (once)"
  local partial="$KAFKA_LIBS.partial"
  rm -rf "$partial"
  mvn -q -B -Dstyle.color=never -f "$KAFKA_POM" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$partial" >>"$LOG_DIR/maven.log" 2>&1 ||
    { log_tail "$LOG_DIR/maven.log"; die "Maven could not fetch Kafka (full log: .infra/logs/maven.log)"; }
  touch "$partial/.complete"
  rm -rf "$KAFKA_LIBS"
  mv "$partial" "$KAFKA_LIBS"
}

# Kafka's own tools and KafkaReady.java, on the broker's classpath, logging beside it.
kafka_java() {
  java -Dlog4j.configuration="$KAFKA_LOG4J" -Dfcfs.log.file="$LOG_DIR/kafka-tools.log" -cp "$KAFKA_LIBS/*" "$@"
}

# kafka_ready SECONDS [PID]: a real request round trip, giving up early if the broker PID dies.
kafka_ready() {
  kafka_java "$FCFS_ROOT/infra/kafka/KafkaReady.java" "$KAFKA_BOOTSTRAP" "$@"
}

kafka_format_storage() {
  local props=$1 cluster_id
  [[ -f $KAFKA_HOME/data/meta.properties ]] && return 0
  cluster_id=$(openssl rand 16 | base64 | tr '+/' '-_' | tr -d '=')
  say "formatting Kafka storage in .infra/kafka/data (cluster id $cluster_id)"
  kafka_java kafka.tools.StorageTool format -t "$cluster_id" -c "$props" \
    --ignore-formatted >>"$LOG_DIR/kafka-storage.log" 2>&1 ||
    { log_tail "$LOG_DIR/kafka-storage.log"; die "formatting Kafka storage failed (.infra/logs/kafka-storage.log)"; }
}

kafka_up() {
  need java "apt-get install openjdk-17-jre-headless"
  kafka_libs
  local pid owner
  if pid=$(live_pid "$KAFKA_PID" kafka.Kafka); then
    kafka_ready 90 "$pid" 2>>"$LOG_DIR/kafka-ready.log" ||
      { log_tail "$KAFKA_LOG"; die "Kafka (pid $pid) is running but not answering on $KAFKA_BOOTSTRAP (.infra/logs/kafka.log)"; }
    return 0
  fi
  if port_open 9092; then
    owner=$(listener_pid 9092)
    kafka_ready 15 2>>"$LOG_DIR/kafka-ready.log" ||
      die "port 9092 is taken by pid ${owner:-?} ($(command_line "${owner:-0}")), which does not answer as Kafka"
    say "Kafka on $KAFKA_BOOTSTRAP was started elsewhere (pid ${owner:-?}); using it as it is"
    return 0
  fi

  local props="$KAFKA_HOME/server.properties"
  mkdir -p "$KAFKA_HOME/data"
  sed "s|@KAFKA_DATA_DIR@|$KAFKA_HOME/data|" "$FCFS_ROOT/infra/kafka/server.properties.template" >"$props"
  kafka_format_storage "$props"

  say "starting Kafka $KAFKA_VERSION (KRaft broker+controller) on $KAFKA_BOOTSTRAP"
  start_detached "$KAFKA_PID" "$LOG_DIR/kafka.out" \
    java -Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true -Djava.net.preferIPv4Stack=true \
    -Dlog4j.configuration="$KAFKA_LOG4J" -Dfcfs.log.file="$KAFKA_LOG" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$props"
  pid=$(<"$KAFKA_PID")
  kafka_ready 90 "$pid" 2>>"$LOG_DIR/kafka-ready.log" && return 0
  kafka_failure_summary
  kill -0 "$pid" 2>/dev/null &&
    die "Kafka (pid $pid) did not answer on $KAFKA_BOOTSTRAP within 90 s (.infra/logs/kafka.log, kafka.out)"
  rm -f "$KAFKA_PID"
  die "Kafka exited while starting (.infra/logs/kafka.log, kafka.out)"
}

# The root cause of a failed start is the last 'Caused by' of the last error, not the stack's tail.
kafka_failure_summary() {
  log_tail "$LOG_DIR/kafka.out" 5
  grep -hE ' ERROR |^Caused by: ' "$KAFKA_LOG" 2>/dev/null | tail -n 2 | cut -c 1-300 | sed 's/^/    /' >&2 || true
}

kafka_status() {
  local pid where="started outside this checkout"
  pid=$(listener_pid 9092)
  if [[ -z $pid ]] && ! port_open 9092; then
    echo "Kafka     down  nothing listens on $KAFKA_BOOTSTRAP"
    return 1
  fi
  [[ $(live_pid "$KAFKA_PID" kafka.Kafka) == "$pid" ]] && where="data in .infra/kafka/data"
  if [[ -n $pid ]] && command_line "$pid" | grep -q kafka.Kafka; then
    echo "Kafka     up    kafka.Kafka JVM (Kafka $KAFKA_VERSION, KRaft), pid $pid, listening on $KAFKA_BOOTSTRAP; $where"
  else
    echo "Kafka     up?   port 9092 is open (pid ${pid:-unknown}), but it is not a kafka.Kafka JVM"
    return 1
  fi
}

kafka_down() {
  local pid
  if pid=$(live_pid "$KAFKA_PID" kafka.Kafka); then
    say "stopping Kafka (pid $pid)"
    stop_pid "$pid" Kafka
  elif port_open 9092; then
    say "Kafka on 9092 (pid $(listener_pid 9092)) was not started by this checkout; left running"
  fi
  rm -f "$KAFKA_PID"
}

# --- SMTP catcher (maildev) -----------------------------------------------------------------------------

smtp_greets() {
  local greeting
  exec 3<>/dev/tcp/127.0.0.1/1025 || return 1
  read -r -t 3 greeting <&3 || true
  printf 'QUIT\r\n' >&3
  exec 3>&-
  [[ $greeting == 220* ]]
}

mail_ready() {
  curl -fs -o /dev/null --max-time 3 http://127.0.0.1:1080/email && (smtp_greets) 2>/dev/null
}

mail_up() {
  need curl "apt-get install curl"
  local pid
  if pid=$(live_pid "$MAIL_PID" maildev); then
    wait_until 20 mail_ready || die "the mail catcher (pid $pid) does not answer (.infra/logs/mailcatcher.log)"
    return 0
  fi
  if port_open 1025 || port_open 1080; then
    mail_ready || die "ports 1025/1080 are taken by pid $(listener_pid 1025)$(listener_pid 1080), which is not a mail catcher"
    say "mail catcher on 1025/1080 was started elsewhere (pid $(listener_pid 1080)); using it as it is"
    return 0
  fi
  [[ -f $MAILDEV ]] || die "maildev is not installed: run pnpm install first"
  mkdir -p "$INFRA_DIR/mail"
  say "starting the mail catcher (maildev): SMTP 127.0.0.1:1025, HTTP 127.0.0.1:1080"
  start_detached "$MAIL_PID" "$MAIL_LOG" \
    node "$MAILDEV" --ip 127.0.0.1 --smtp 1025 --web 1080 --mail-directory "$INFRA_DIR/mail"
  pid=$(<"$MAIL_PID")
  wait_until 20 mail_ready ||
    { log_tail "$MAIL_LOG"; die "the mail catcher did not answer within 20 s (.infra/logs/mailcatcher.log)"; }
}

mail_status() {
  if ! mail_ready; then
    echo "SMTP      down  no mail catcher on 127.0.0.1:1025 / http://127.0.0.1:1080"
    return 1
  fi
  local pid
  pid=$(listener_pid 1080)
  echo "SMTP      up    maildev (pid ${pid:-?}): SMTP 127.0.0.1:1025, mails at GET http://127.0.0.1:1080/email, clear with DELETE /email/all"
}

mail_down() {
  local pid
  if pid=$(live_pid "$MAIL_PID" maildev); then
    say "stopping the mail catcher (pid $pid)"
    stop_pid "$pid" "mail catcher"
  elif port_open 1080; then
    say "the mail catcher on 1080 (pid $(listener_pid 1080)) was not started by this checkout; left running"
  fi
  rm -f "$MAIL_PID"
}

# --- mode entry points ----------------------------------------------------------------------------------

native_up() {
  need openssl "apt-get install openssl"
  local_env_native
  ensure_jwt_keys
  mysql_up
  redis_up
  mail_up
  kafka_up
  if redis_cluster_wanted; then redis_cluster_up; fi
}

native_status() {
  local failed=0
  mysql_status || failed=1
  redis_status || failed=1
  kafka_status || failed=1
  mail_status || failed=1
  if redis_cluster_wanted; then redis_cluster_status || failed=1; fi
  return "$failed"
}

native_down() {
  kafka_down
  mail_down
  redis_cluster_down
  say "MariaDB and Redis are the system's servers: left running"
}
