import dev.mlops.maven.it.ItFixtures

def log = new File(basedir, 'build.log').text
assert log.contains('train/cat/precious.png')
assert log.contains('or discard them by forcing the checkout (`mvn mlops:version-data`; <force> in the plugin configuration, or -Dmlops.force=true)')
// The forced run restored v1 exactly.
assert ItFixtures.sameTree(new File(basedir, 'data'), new File(basedir, 'local'))
true
