#!/usr/bin/env bash
# Make sure Redis (127.0.0.1:6379) and PostgreSQL (127.0.0.1:5432, database "test", trust auth)
# answer: start them if installed and stopped, install them from Debian packages if absent.
# Used by CI and by people setting up a development machine (run as root or with sudo).
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  for _ in $(seq 1 60); do port_open "$1" && return 0; sleep 0.5; done
  echo "service on port $1 did not come up" >&2
  return 1
}

apt_install() {
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

ensure_redis() {
  port_open 6379 && { echo "redis: up"; return; }
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  $SUDO redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /tmp --logfile /tmp/fieldops-ci-redis.log
  wait_port 6379 && echo "redis: started"
}

ensure_postgres() {
  if ! port_open 5432; then
    if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
      apt_install postgresql
    fi
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    conf="/etc/postgresql/$version/main"
    # Trust auth on loopback, as on the development machines.
    if ! grep -q "fieldops-ci" "$conf/pg_hba.conf"; then
      $SUDO sed -i '1i host all all 127.0.0.1/32 trust # fieldops-ci\nhost all all ::1/128 trust # fieldops-ci\nlocal all all trust # fieldops-ci' "$conf/pg_hba.conf"
    fi
    $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start || $SUDO pg_ctlcluster "$version" main start
    wait_port 5432
    echo "postgres: started"
  else
    echo "postgres: up"
  fi
  if ! psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname='test'" | grep -q 1; then
    psql -h 127.0.0.1 -U postgres -c "create database test" >/dev/null
  fi
}

ensure_chromium() {
  # Browser tests drive Debian's Chromium (never a downloaded browser); CJK fonts for screenshots.
  if ! command -v chromium >/dev/null 2>&1; then
    apt_install chromium fonts-noto-cjk
  fi
  echo "chromium: $(command -v chromium)"
}

ensure_redis
ensure_postgres
ensure_chromium
