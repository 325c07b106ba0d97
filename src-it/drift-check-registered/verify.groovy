import dev.mlops.maven.it.ItFixtures
import groovy.json.JsonSlurper

def name = 'drift-check-registered'
def log = new File(basedir, 'build.log').text
def builds = log.split(/\[INFO\] Scanning for projects\.\.\./).drop(1)
assert builds.size() == 11 : "expected 11 builds, found ${builds.size()}"

assert builds[0].contains("Registered model ${name} v1")
assert builds[0].contains('drift baseline: features of 60 train images, outputs on 60 test images')
// Same distribution: no drift, recorded for v1; retraining not due.
assert builds[2] =~ /No drift in 14 tests on 60 labeled incoming images/
assert builds[2].contains("Recorded the verdict (no-drift) for ${name} v1")
assert builds[2].contains('BUILD SUCCESS')
assert builds[3].contains("No retraining due for ${name}")
// Darkened: BUILD FAILURE naming brightness; drift.json says retrain.
assert builds[4].contains('BUILD FAILURE')
assert builds[4].contains('Drift detected against drift-check-registered v1 (production)')
assert builds[4] =~ /image feature brightness moved/
assert builds[4].contains("Recorded the verdict (drift) for ${name} v1")
assert builds[5].contains("Retraining due for ${name}")
assert builds[5].contains('image feature brightness moved')
// Local model: same fingerprint as v1, so the verdict is recorded for v1 too; reported, no failure.
assert builds[6] =~ /DRIFT in \d+ of 14 tests on 60 labeled incoming images: .*brightness/
assert builds[6].contains('Not failing the build: failOnDrift is off')
assert builds[6].contains('BUILD SUCCESS')
// Too few images: a clear "not enough data", never an alarm.
assert builds[7].contains('not enough data (6 < 50 readable incoming images)')
assert builds[7].contains('BUILD SUCCESS')
assert builds[7].contains('Not recording the check in the registry')

// Checks read the feature store: nothing is stored for new images; the local model (same
// fingerprint as v1) reads the darkened images' features and v1's embeddings the check of v1 kept.
assert builds[2].contains('drift: 0 of 60 incoming images read from the feature store (not decoded)')
assert builds[6].contains('drift: 60 of 60 incoming images read from the feature store (not decoded)')
// features: the baseline stored the 60 train images' image-stats already; then v1's embeddings;
// then a check of images seen before decodes none and reaches the same verdict.
assert builds[8] =~ /features image-stats: 120 computed, 60 reused, 0 failed in [0-9.]+ s/
assert builds[9].contains("features embedding/${name}/v1: 128 values per image")
assert builds[9] =~ /features embedding\/${name}\/v1: 180 computed, 0 reused, 0 failed in [0-9.]+ s/
assert builds[10].contains('drift: 60 of 60 incoming images read from the feature store (not decoded)')
assert builds[10] =~ /No drift in 14 tests on 60 labeled incoming images/
assert builds[10].contains('BUILD SUCCESS')

def drift = new JsonSlurper().parse(new File(basedir, 'target/mlops/drift.json'))
assert drift.status == 'no-drift'
assert drift.retrainRecommended == false
assert new File(basedir, 'target/mlops/report/drift.html').text.contains('Drift check')
def record = new JsonSlurper().parseText(ItFixtures.registryFile(basedir, "models/${name}/v1/drift.json").get())
assert record.status == 'drift'
assert record.retrainRecommended == true
def card = new JsonSlurper().parseText(ItFixtures.registryFile(basedir, "models/${name}/v1/card.json").get())
assert card.artifacts.find { it.name == 'baseline.json' } != null
def retrain = new JsonSlurper().parse(new File(basedir, 'target/mlops/retrain-check.json'))
assert retrain.due == true
true
