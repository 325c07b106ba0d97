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
// The fourth run versions the manifest file as is: the same version, no scan.
def builds = log.split(/\[INFO\] Scanning for projects\.\.\./).drop(1)
assert builds.size() == 5 : "expected 5 builds, found ${builds.size()}"
assert builds[3].contains("Dataset ${name} unchanged: equals v1")
assert !builds[3].contains('Scanned ')
// The fifth names the missing object and the fix; the registry still has one commit.
assert builds[4].contains('BUILD FAILURE')
assert builds[4] =~ /the manifest names \S+ \(sha256 [0-9a-f]+, \d+ bytes\), but the store \S*empty-store does not hold it/
assert ItFixtures.registryCommits(basedir) == 1
true
