import dev.mlops.maven.it.ItFixtures
import groovy.json.JsonSlurper

def name = 'registry-lifecycle'
def log = new File(basedir, 'build.log').text
def builds = log.split(/\[INFO\] Scanning for projects\.\.\./).drop(1)
assert builds.size() == 11 : "expected 11 builds, found ${builds.size()}"

assert builds[0].contains("Created dataset ${name} v1")
assert builds[0].contains("Registered model ${name} v1")
assert builds[1].contains('is up to date')
assert builds[1].contains("is already registered as v1")
assert builds[2].contains('Moved alias production of model registry-lifecycle from nothing to v1')
assert builds[3].contains("Created dataset ${name} v2")
assert builds[3].contains("Registered model ${name} v2")
assert builds[4].contains('from v1 to v2')
assert builds[5].contains('from v2 to v1')
assert builds[6] =~ /accuracy/
assert builds[7].contains("Registered model ${name} v3")
assert builds[8].contains('BUILD FAILURE')
assert builds[8].contains('refusing to move alias production')
assert builds[9].contains('production')
assert builds[10].contains('of the model behind alias production: a drop of 1 exceeds the gate maxRegression=0')
assert builds[10].contains('BUILD FAILURE')

def aliases = new JsonSlurper().parseText(ItFixtures.registryFile(basedir, "models/${name}/aliases.json").get())
assert aliases.production.version == 1
def card2 = new JsonSlurper().parseText(ItFixtures.registryFile(basedir, "models/${name}/v2/card.json").get())
assert card2.dataset.version == 2
assert card2.fingerprint != null
assert card2.metrics.accuracy > 0.8
assert card2.artifacts.find { it.name == 'params' }.coordinates == 'dev.mlops.it:registry-lifecycle:zip:model:1.0'
assert ItFixtures.tags(basedir).containsAll((1..3).collect { "model/${name}/v${it}".toString() })
// An application on another machine: a fresh clone of the published repository plus the store
// loads "production" (v1) and predicts what v1 predicts; here that is every test image right.
def test = new File(basedir, 'data/test')
def fromClone = ItFixtures.predictFromFreshCloneInOwnJvm(basedir, new File(basedir, 'store'),
    new File(basedir, 'target/clone-check'), name, 'production', test)
def truth = []
new File(basedir, 'data/test').eachFileRecurse(groovy.io.FileType.FILES) { truth << it.toPath() }
truth = truth.sort().collect { it.parent.fileName.toString() }
assert fromClone == truth
// The model zip was attached and installed like any artifact.
def installed = new File(localRepositoryPath, 'dev/mlops/it/registry-lifecycle/1.0/registry-lifecycle-1.0-model.zip')
assert installed.isFile()
true
