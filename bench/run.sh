#!/usr/bin/env bash
# Builds what the benchmarks need and runs them: bench/run.sh [--runs=5] [--only=p1,p2,p3,p4,p5] [...]
# (options: see bench/src/main/java/org/alliancetracker/bench/Bench.java or docs/benchmarks.md)
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [[ "${BENCH_SKIP_BUILD:-}" != "true" ]]; then
  ./mvnw -q -pl bench -am package -DskipTests
fi
exec "$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xmx1g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  org.alliancetracker.bench.Bench "$@"
