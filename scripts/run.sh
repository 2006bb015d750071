#!/usr/bin/env bash
# Serve GreenGate locally: a Celery worker and Celery beat in the background, the web app in front.
set -euo pipefail
host="${1:-127.0.0.1}"
port="${2:-8000}"
cd "$(dirname "$0")/.."
mkdir -p var/log
py=.venv/bin/python
# Every link in an email is built from SITE_URL: point it at this server unless it is set.
export SITE_URL="${SITE_URL:-http://${host}:${port}}"

.venv/bin/celery -A config worker --loglevel=INFO --concurrency=2 \
  --without-gossip --without-mingle --without-heartbeat >var/log/worker.log 2>&1 &
worker=$!
.venv/bin/celery -A config beat --loglevel=INFO --schedule var/celerybeat-schedule \
  >var/log/beat.log 2>&1 &
beat=$!
trap 'kill $worker $beat 2>/dev/null; wait $worker $beat 2>/dev/null' EXIT INT TERM

cat <<MSG

  GreenGate is running at http://${host}:${port}/
  Links in emails point at ${SITE_URL}/ (set SITE_URL to change it).
  Celery worker (pid $worker) and beat (pid $beat) log to var/log/.

  Demo logins (password for all: greengate-demo):
    officer   procurement officer
    admin     procurement admin (also Django admin at /admin/)
    reviewer  reviewer
    approver  approver
    auditor   auditor (read-only)
    supplier  supplier user of 杭州绿源物流有限公司 (portal only)

  Stop with Ctrl-C.

MSG
"$py" manage.py runserver "${host}:${port}" --noreload
