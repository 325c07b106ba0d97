import dev.mlops.maven.it.ItFixtures

def log = new File(basedir, 'build.log').text
def sha = new File(basedir, 'corrupt-sha').text
assert log.contains('cannot restore test/dog/img-10.png of dataset checkout-data-corrupt-store v1: object ' + sha + ' in the store is corrupt')
assert log.contains('The data directory was not changed')
// Byte for byte as it was: the unversioned image is still there, nothing was added or left behind.
assert ItFixtures.sameTree(new File(basedir, 'local-before'), new File(basedir, 'local'))
assert !new File(basedir, 'local/.mlops-checkout').exists()
assert new File(basedir, 'local/train/cat/precious.png').exists()
true
