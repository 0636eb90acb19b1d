#!/usr/bin/env bash
# Everything a fresh machine needs before `npm test` or `npm start`: a Java runtime for DynamoDB
# Local (installed with apt-get when `java` is missing), Debian's Chromium for the console's browser
# test (installed when /usr/bin/chromium is missing; playwright-core drives it, no browser is
# downloaded) and the locked npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
UPDATED=""
apt_install() {
  if [ -z "$UPDATED" ]; then
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    UPDATED=1
  fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! command -v java >/dev/null 2>&1; then
  echo "setup: no java on PATH; installing openjdk-17-jre-headless (DynamoDB Local needs it)"
  apt_install openjdk-17-jre-headless
fi
java -version 2>&1 | head -1

if [ ! -x /usr/bin/chromium ]; then
  echo "setup: no /usr/bin/chromium; installing Debian's chromium (the console's browser test drives it)"
  apt_install chromium
fi
/usr/bin/chromium --version 2>/dev/null | head -1 || true

npm ci --no-audit --no-fund
