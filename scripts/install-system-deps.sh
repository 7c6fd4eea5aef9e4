#!/usr/bin/env bash
# Installs the system packages diplograph's tests need that pip cannot provide.
#   - a Java runtime, for the HermiT reasoner bundled with owlready2 (tests/test_ontology.py).
# Idempotent: does nothing when `java` is already on PATH. Needs root (or sudo) and apt-get.
set -euo pipefail

say() { printf 'install-system-deps: %s\n' "$*"; }

if command -v java >/dev/null 2>&1; then
    say "java already installed: $(command -v java) ($(java -version 2>&1 | head -n 1)); nothing to do."
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    say "java is missing and apt-get is not available; install a Java runtime (11 or newer) by hand." >&2
    exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        say "java is missing; run this script as root (or install sudo) to install default-jre-headless." >&2
        exit 1
    fi
fi

say "java not found; running apt-get update"
$SUDO apt-get update
say "installing default-jre-headless"
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends default-jre-headless

if command -v java >/dev/null 2>&1; then
    say "installed java: $(command -v java) ($(java -version 2>&1 | head -n 1))"
else
    say "default-jre-headless was installed but java is still not on PATH" >&2
    exit 1
fi
