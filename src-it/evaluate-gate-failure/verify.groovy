import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def builds = log.split(/\[INFO\] Scanning for projects\.\.\./).drop(1)
assert builds.size() == 3 : "expected 3 builds, found ${builds.size()}"
assert builds[0].contains('BUILD FAILURE')
assert builds[0].contains('Gate failed: accuracy')
assert builds[0].contains('is below the gate minAccuracy=0.9')
assert builds[0].contains('The model missed 1 quality gate(s)')
assert builds[0].contains('Evaluated ')
// Nothing changed: the evaluation is reused, and the failed gate still fails the build.
assert builds[1].contains('Evaluation is up to date: model ')
assert !builds[1].contains('Evaluated ')
assert builds[1].contains('Gate failed: accuracy')
assert builds[1].contains('BUILD FAILURE')
// A relaxed gate passes on the same metrics, still without evaluating.
assert builds[2].contains('Evaluation is up to date: model ')
assert !builds[2].contains('Evaluated ')
assert builds[2].contains('Gate passed: accuracy')
assert builds[2].contains('BUILD SUCCESS')
def evaluation = new JsonSlurper().parse(new File(basedir, 'target/mlops/evaluation.json'))
assert evaluation.metrics.accuracy < 0.9
assert evaluation.passed == true
true
