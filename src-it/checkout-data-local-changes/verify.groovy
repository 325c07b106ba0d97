import dev.mlops.maven.it.ItFixtures

def log = new File(basedir, 'build.log').text
assert log.contains('train/cat/precious.png')
assert log.contains('-Dmlops.force=true')
// The forced run restored v1 exactly.
assert ItFixtures.sameTree(new File(basedir, 'data'), new File(basedir, 'local'))
true
