import dev.mlops.maven.it.ItFixtures
import groovy.json.JsonSlurper

def name = 'version-data-concurrent'
def logA = new File(basedir, 'race-a.log')
def logB = new File(basedir, 'race-b.log')
def a = ItFixtures.startMaven(basedir, localRepositoryPath.toString(), logA, 'mlops:version-data', '-Dmlops.dataDirectory=dataA')
def b = ItFixtures.startMaven(basedir, localRepositoryPath.toString(), logB, 'mlops:version-data', '-Dmlops.dataDirectory=dataB')
assert ItFixtures.await(a) == 0 : logA.text
assert ItFixtures.await(b) == 0 : logB.text

def ids = [1, 2].collect {
  new JsonSlurper().parseText(ItFixtures.registryFile(basedir, "datasets/${name}/v${it}/card.json").get()).manifestId
}
assert ids[0] != ids[1]
assert ItFixtures.registryCommits(basedir) == 2
assert ItFixtures.tags(basedir).containsAll(["dataset/${name}/v1".toString(), "dataset/${name}/v2".toString()])
assert !ItFixtures.registryFile(basedir, "datasets/${name}/v3/card.json").isPresent()

// Racing the same content again: both runs say it is already versioned, nothing new appears.
def c = ItFixtures.startMaven(basedir, localRepositoryPath.toString(), logA, 'mlops:version-data', '-Dmlops.dataDirectory=dataA')
def d = ItFixtures.startMaven(basedir, localRepositoryPath.toString(), logB, 'mlops:version-data', '-Dmlops.dataDirectory=dataA')
assert ItFixtures.await(c) == 0 : logA.text
assert ItFixtures.await(d) == 0 : logB.text
assert logA.text.contains('unchanged: equals v')
assert logB.text.contains('unchanged: equals v')
assert ItFixtures.registryCommits(basedir) == 2
true
