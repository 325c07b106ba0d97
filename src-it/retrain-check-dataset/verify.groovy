import groovy.json.JsonSlurper

def name = 'retrain-check-dataset'
def log = new File(basedir, 'build.log').text
def builds = log.split(/\[INFO\] Scanning for projects\.\.\./).drop(1)
assert builds.size() == 6 : "expected 6 builds, found ${builds.size()}"

assert builds[0].contains("Registered model ${name} v1")
assert builds[1].contains("Moved alias production of model ${name} from nothing to v1")
assert builds[2].contains("No retraining due for ${name} (production = v1): dataset ${name} v1 behind production (v1) is its newest version, and no drift check is recorded for v1")
assert builds[2].contains('BUILD SUCCESS')
assert builds[3].contains("Created dataset ${name} v2")
def reason = "dataset v2 is newer than v1 that the model behind production (v1) was trained on (dataset ${name}); train on it (check out dataset ${name} v2, then train and register) and promote the result"
assert builds[4].contains("[INFO]   ${reason}")
assert builds[4].contains("[INFO]   To retrain: mvn mlops:checkout-data -Dmlops.dataset=${name} -Dmlops.version=v2, then mvn install, then mvn mlops:promote -Dmlops.version=vN -Dmlops.alias=production")
assert builds[4].contains("Retraining due for ${name}: 1 reason (written to target/mlops/retrain-check.json)")
assert builds[4].contains('BUILD SUCCESS')
assert builds[5].contains("Retraining is due for model ${name}: ${reason}")
assert builds[5].contains('BUILD FAILURE')

def json = new JsonSlurper().parse(new File(basedir, 'target/mlops/retrain-check.json'))
assert json.due == true
assert json.model == name
assert json.alias == 'production'
assert json.version == 1
assert json.dataset == name
assert json.datasetVersion == 1
assert json.latestDatasetVersion == 2
assert json.drift == null
assert json.reasons == [reason.toString()]

def props = new File(basedir, 'target/mlops/retrain-check.properties').readLines()
assert props == ['retrain=true', "model=${name}".toString(), 'alias=production', 'version=1',
    "dataset=${name}".toString(), 'datasetVersion=1', 'latestDatasetVersion=2', "reasons=${reason}".toString()]
true
