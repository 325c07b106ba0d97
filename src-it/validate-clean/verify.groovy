import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def builds = log.split(/\[INFO\] Scanning for projects\.\.\./).drop(1)
assert builds.size() == 2 : "expected 2 builds, found ${builds.size()}"
assert builds[0].contains('BUILD SUCCESS')
assert builds[0].contains('train: cat 6, dog 6')
assert builds[0] =~ /Dataset: 36 images/
assert builds[0] =~ /Validation passed: 0 errors, \d+ warnings?/
def report = new JsonSlurper().parse(new File(basedir, 'target/mlops/validation.json'))
assert report.errors == 0
assert report.passed == true

assert builds[1].contains('-Dmlops.validate.maxImbalance is now -Dmlops.validate-data.maxImbalance')
assert builds[1].contains('BUILD FAILURE')
assert !builds[1].contains('Validation passed')
true
