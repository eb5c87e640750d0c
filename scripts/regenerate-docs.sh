#!/usr/bin/env bash
# Regenerates the files that are generated from the code's tables: the default scenario
# INI and the parameter and output dictionaries. Tests fail when these drift.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --build build -j2 --target grainsim >/dev/null
build/grainsim describe --ini > runs/dprk-2026-winter.ini
build/grainsim describe --markdown > docs/PARAMETERS.md
build/grainsim describe --outputs --markdown > docs/OUTPUTS.md
# The INI is compiled in: build again so the binary embeds the regenerated file.
cmake --build build -j2 --target grainsim >/dev/null
