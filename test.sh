#!/usr/bin/env bash
# Runs the whole test suite. On Debian/Ubuntu it first installs the real parts the integration and browser
# tests use (haproxy, openssh-server, chromium) when they are missing. Without them those tests skip and say
# why; with BLUEGREEN_REQUIRE_INTEGRATION=1 (CI) a missing part fails the run.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
[ -x /usr/sbin/haproxy ] || command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
command -v ssh-keygen >/dev/null 2>&1 || missing+=(openssh-client)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v jq >/dev/null 2>&1 || missing+=(jq)
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "test.sh: installing ${missing[*]} (Debian packages)"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "test.sh: ${missing[*]} missing and no apt-get; the tests that need them will skip (or fail under BLUEGREEN_REQUIRE_INTEGRATION=1)."
  fi
fi

results="${TEST_RESULTS:-$PWD/TestResults}"
mkdir -p "$results"
log="$results/test-output.log"
set +e
dotnet test BlueGreen.sln \
  --results-directory "$results" \
  --logger "console;verbosity=normal" \
  --logger "trx;LogFileName=tests.trx" \
  --blame-hang-timeout 10m \
  "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain closing line: "N passed, N failed, N skipped" (from vstest's "Total tests / Passed / Failed / Skipped").
passed=$(grep -E '^\s+Passed: +[0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+' || true)
failed=$(grep -E '^\s+Failed: +[0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+' || true)
skipped=$(grep -E '^\s+Skipped: +[0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+' || true)
if [ -n "$passed$failed" ]; then
  echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
fi
exit "$status"
