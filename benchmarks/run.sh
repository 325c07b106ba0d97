#!/usr/bin/env bash
# Benchmarks (not tests): builds the core, generates data under benchmarks/target/work and writes
# the results into docs/benchmarks.md.
# Usage: benchmarks/run.sh [data|training|decode|all] [image count for data, default 10000]
#   data      scan, rescan and validation of generated JPEGs, next to sha256sum/md5sum
#   training  training images/s: engine on synthetic tensors, ours end to end, PyTorch from Python
#             (needs Debian's PyTorch: apt-get install python3-torch python3-torchvision)
#   decode    ImageIO against OpenCV (the 110 MB OpenCV jar is fetched only for this, -Popencv)
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
count="${2:-10000}"
mvn -B -q -DskipTests -Popencv install -pl benchmarks,benchmarks-opencv -am
mvn -B -q -Popencv -pl benchmarks-opencv dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
cp="benchmarks-opencv/target/classes:$(cat benchmarks-opencv/target/classpath.txt)"
mkdir -p benchmarks/target/work docs
if [ "$what" = data ] || [ "$what" = all ]; then
  java -cp "$cp" dev.mlops.benchmarks.DataBenchmark benchmarks/target/work docs/benchmarks.md "$count"
fi
if [ "$what" = training ] || [ "$what" = all ]; then
  java -cp "$cp" dev.mlops.benchmarks.TrainBenchmark benchmarks/target/work docs/benchmarks.md \
    benchmarks/pytorch_reference.py
fi
if [ "$what" = decode ] || [ "$what" = all ]; then
  java -cp "$cp" dev.mlops.benchmarks.ImageDecodeBenchmark benchmarks/target/work 500 docs/benchmarks.md
fi
