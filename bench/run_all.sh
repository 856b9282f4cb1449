#!/usr/bin/env bash
# Run every benchmark; each writes reports/<name>.json and reports/<name>.md.
# Needs ../shared/data (or AUDITOR_DATA) and the bench extra: pip install -e '.[model,test,bench]'
set -euo pipefail
cd "$(dirname "$0")/.."
py=${PYTHON:-python}
$py bench/detection.py                 # issues 3 and 4: DEMETR recall / false alarms, WMT22 references
$py bench/source_demetr.py             # issue 7: source-aware checks on DEMETR
$py bench/throughput.py                # issue 2: words/s, jobs 1 and 2, peak memory, proselint
$py bench/model_speed.py               # issue 5: transformers fp32 vs ctranslate2 int8
$py bench/model_eval.py                # issue 5: held-out clean / synthetic windows
$py bench/correction.py --jobs 2       # issue 5: fix on DEMETR, WMT22 (paired tests), MLQE-PE
