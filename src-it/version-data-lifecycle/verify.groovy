import dev.mlops.maven.it.ItFixtures
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def name = 'version-data-lifecycle'
assert log.contains("Created dataset ${name} v1 (parent: none): 24 files")
assert log.contains("Dataset ${name} unchanged: equals v1")
assert log.contains("Created dataset ${name} v2 (parent: v1): 28 files")
assert log.contains("tag dataset/${name}/v2")
// datasets: both versions with lineage
assert log =~ /v1 .*train 8, val 8, test 8/
assert log =~ /v2 .*train 12, val 8, test 8 .*parent v1/
// diff-data
assert log.contains("${name} v1 -> v2: 4 added, 0 removed, 0 changed, 0 relabelled")
assert log.contains('+ train/cat/new-100.png')
assert log.contains('+ train/dog/new-103.png')
// checkout-data: data2 is byte for byte data1 again
assert log.contains("Checked out dataset ${name} v1 into")
assert ItFixtures.sameTree(new File(basedir, 'data1'), new File(basedir, 'data2'))

def card2 = new JsonSlurper().parseText(ItFixtures.registryFile(basedir, "datasets/${name}/v2/card.json").get())
assert card2.version == 2
assert card2.parent == 'v1'
assert card2.counts.train.cat == 7
assert ItFixtures.registryFile(basedir, "datasets/${name}/v2/manifest.json").isPresent()
assert ItFixtures.tags(basedir).containsAll(["dataset/${name}/v1".toString(), "dataset/${name}/v2".toString()])
assert ItFixtures.registryCommits(basedir) == 2
// The user's branch and working tree were not touched by the registry commits.
assert !new File(basedir, 'datasets').exists()
true
