#!/usr/bin/env bash
# Load benchmarks of the whole app: builds the benchmark module (unless SKIP_BUILD=1), then runs
# loadrun.py pinned to the driver CPU; servers are pinned to the server CPU by loadrun.py itself.
# Usage and options: mtls-benchmarks/load/run.sh --help; results and method: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
driver_cpu=1
for ((i = 1; i <= $#; i++)); do
  if [[ ${!i} == --driver-cpu ]]; then j=$((i + 1)); driver_cpu=${!j}; fi
done
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  ./mvnw -B -q -Pbenchmarks -pl mtls-benchmarks -am package -DskipTests
fi
exec taskset -c "$driver_cpu" python3 mtls-benchmarks/load/loadrun.py "$@"
