import dev.mlops.maven.it.ItFixtures

def name = 'version-data-push'
def remote = new File(basedir, 'remote.git')
def log = new File(basedir, 'build.log').text
assert log.contains("Created dataset ${name} v1")
assert log.contains('Pushed')
assert ItFixtures.registryFile(remote, "datasets/${name}/v1/card.json").isPresent()
assert ItFixtures.tags(remote).contains("dataset/${name}/v1".toString())

// A fresh clone of the remote sees v1 once it fetches (mlops.push makes readers fetch first).
def clone = new File(basedir, 'clone')
ItFixtures.cloneRepository(remote, clone)
def cloneLog = new File(basedir, 'clone.log')
def p = ItFixtures.startMaven(clone, localRepositoryPath.toString(), cloneLog, 'mlops:datasets', '-Dmlops.push=true',
    "-Dmlops.store=${new File(basedir, 'store')}")
assert ItFixtures.await(p) == 0 : cloneLog.text
assert cloneLog.text =~ /v1 .*train 6, test 6/
true
