import dev.mlops.maven.it.ItFixtures

ItFixtures.writeDataset(new File(basedir, 'data'), ['train', 'test'], ['cat', 'dog'], 3, 1)
ItFixtures.initRepository(basedir)
ItFixtures.addBareOrigin(basedir, new File(basedir, 'remote.git'))
ItFixtures.pushBranch(basedir)
true
