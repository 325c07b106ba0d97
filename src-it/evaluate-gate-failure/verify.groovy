import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('Gate failed: accuracy')
assert log.contains('<minAccuracy>0.9</minAccuracy>')
assert log.contains('The model missed 1 quality gate(s)')
def evaluation = new JsonSlurper().parse(new File(basedir, 'target/mlops/evaluation.json'))
assert evaluation.metrics.accuracy < 0.9
assert evaluation.passed == false
true
