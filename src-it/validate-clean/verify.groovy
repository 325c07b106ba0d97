import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.contains('train: cat 6, dog 6')
assert log =~ /Dataset: 36 images/
assert log =~ /Validation passed: 0 errors, \d+ warnings?/
def report = new JsonSlurper().parse(new File(basedir, 'target/mlops/validation.json'))
assert report.errors == 0
assert report.passed == true
true
