#!/usr/bin/env bash
# Benchmarks (not tests): builds the core, generates data under benchmarks/target/work and writes
# the results into docs/benchmarks.md.
# Usage: benchmarks/run.sh [data|training|all] [image count for data, default 10000]
# The training comparison needs Debian's PyTorch: apt-get install python3-torch python3-torchvision
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
count="${2:-10000}"
mvn -B -q -DskipTests install -pl benchmarks -am
mvn -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
cp="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
mkdir -p benchmarks/target/work docs
if [ "$what" = data ] || [ "$what" = all ]; then
  java -cp "$cp" dev.mlops.benchmarks.DataBenchmark benchmarks/target/work docs/benchmarks.md "$count"
fi
if [ "$what" = training ] || [ "$what" = all ]; then
  java -cp "$cp" dev.mlops.benchmarks.TrainBenchmark benchmarks/target/work docs/benchmarks.md \
    benchmarks/pytorch_reference.py
fi
