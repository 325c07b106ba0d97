def log = new File(basedir, 'build.log').text
// Split the log into the four builds.
def builds = log.split(/\[INFO\] Scanning for projects\.\.\./).drop(1)
assert builds.size() == 4 : "expected 4 builds, found ${builds.size()}"
assert builds[0].contains('model trained:')
assert builds[1].contains('is up to date (fingerprint')
assert !builds[1].contains('epoch 1/2')
assert builds[1].contains('Gate passed: accuracy')
assert builds[1].contains('Evaluation is up to date: model ')
assert !builds[1].contains('Evaluated ')
assert builds[2].contains('model trained:')
assert builds[2].contains('Evaluated ')
assert builds[3].contains('restored the model of fingerprint')
assert !builds[3].contains('epoch 1/2')
// Another model than the last evaluated one: evaluated again.
assert builds[3].contains('Evaluated ')
true
