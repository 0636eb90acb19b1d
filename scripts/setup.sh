#!/usr/bin/env bash
# Everything a fresh machine needs before `npm test` or `npm start`: a Java runtime for DynamoDB
# Local (installed with apt-get when `java` is missing) and the locked npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v java >/dev/null 2>&1; then
  echo "setup: no java on PATH; installing openjdk-17-jre-headless (DynamoDB Local needs it)"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
java -version 2>&1 | head -1

npm ci --no-audit --no-fund
