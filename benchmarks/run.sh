#!/usr/bin/env bash
# Benchmarks (not tests): builds the core, generates data under benchmarks/target/work and writes
# the results into docs/benchmarks.md. Usage: benchmarks/run.sh [image count, default 10000]
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-10000}"
mvn -B -q -DskipTests install -pl benchmarks -am
mvn -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
cp="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
mkdir -p benchmarks/target/work docs
java -cp "$cp" dev.mlops.benchmarks.DataBenchmark benchmarks/target/work docs/benchmarks.md "$count"
java -cp "$cp" dev.mlops.benchmarks.ImageDecodeBenchmark benchmarks/target/work 500 docs/benchmarks.md
