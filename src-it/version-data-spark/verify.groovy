import dev.mlops.maven.it.ItFixtures
import groovy.json.JsonSlurper
import java.security.MessageDigest

def log = new File(basedir, 'build.log').text
def name = 'version-data-spark'
assert log.contains('Running ScanJob on Spark')
assert log =~ /Scanned 62 images .* on Spark/
assert log.contains("Created dataset ${name} v1 (parent: none): 62 files")
// The local run finds the Spark run's version: same manifest id.
assert log.contains("Dataset ${name} unchanged: equals v1")
assert ItFixtures.registryCommits(basedir) == 1
def manifest = new JsonSlurper().parseText(ItFixtures.registryFile(basedir, "datasets/${name}/v1/manifest.json").get())
assert manifest.entries.size() == 62
// Every object the Spark executors stored is in the store with its hash.
manifest.entries.each { e ->
  def object = new File(basedir, "store/objects/${e.sha256[0..1]}/${e.sha256.substring(2)}")
  assert object.isFile()
  def sha = MessageDigest.getInstance('SHA-256').digest(object.bytes).encodeHex().toString()
  assert sha == e.sha256
}
// The third run's job failed: the build names the missing directory, as a local scan would.
assert log =~ /data directory \S*version-data-spark\/missing does not exist or is not a directory/
true
