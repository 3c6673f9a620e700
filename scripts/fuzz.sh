#!/bin/sh
# Longer runs of the libFuzzer harnesses in tests/fuzz/ than `npm test` does (its fuzz suite runs
# each one FUZZ_SECONDS=60 by default). Builds build-fuzz/ (clang, ASan + UBSan + libFuzzer) if
# needed, then runs each harness named (default: all) for FUZZ_SECONDS (default 3600) with
# FUZZ_JOBS parallel workers (default 1). The corpus grows in build-fuzz/corpus-<harness>/,
# seeded from tests/fuzz/seeds/<harness>/ (node tests/fuzz/make_seeds.mjs writes those).
#
#   FUZZ_SECONDS=3600 sh scripts/fuzz.sh                    # an hour per harness
#   FUZZ_SECONDS=600 FUZZ_JOBS=2 sh scripts/fuzz.sh fuzz_network
#
# A finding stops the run and leaves build-fuzz/crash-<sha1> (or leak-, timeout-, oom-).
# Reproduce:  build-fuzz/fuzz_experiment build-fuzz/crash-<sha1>
# Minimise:   build-fuzz/fuzz_experiment -minimize_crash=1 -runs=100000 build-fuzz/crash-<sha1>
# Then turn the input into a Catch2 regression test in tests/native/ and fix the core.
# Not part of npm test, and not a builder of anything else.
set -eu
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-3600}
jobs=${FUZZ_JOBS:-1}
export CXX=clang++
if [ ! -f build-fuzz/build.ninja ]; then
  cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRELULAB_FUZZ=ON
fi
cmake --build build-fuzz
if [ $# -eq 0 ]; then
  set -- $(cd tests/fuzz && ls fuzz_*.cpp | sed 's/\.cpp$//')
fi
status=0
for harness in "$@"; do
  corpus=build-fuzz/corpus-$harness
  mkdir -p "$corpus"
  seeds=tests/fuzz/seeds/$harness
  [ -d "$seeds" ] || seeds=
  echo "fuzz.sh: $harness for ${seconds}s with $jobs job(s); corpus $corpus"
  if [ "$jobs" -gt 1 ]; then
    # Fork mode: workers share the corpus; the first finding stops the run.
    build-fuzz/"$harness" -fork="$jobs" -max_total_time="$seconds" -print_final_stats=1 \
      -artifact_prefix=build-fuzz/ "$corpus" $seeds || status=1
  else
    build-fuzz/"$harness" -max_total_time="$seconds" -print_final_stats=1 \
      -artifact_prefix=build-fuzz/ "$corpus" $seeds || status=1
  fi
done
ls build-fuzz | grep -E '^(crash|leak|timeout|oom)-' && echo "fuzz.sh: findings above (build-fuzz/)" || true
exit $status
