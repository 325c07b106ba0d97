import dev.mlops.maven.it.ItFixtures

ItFixtures.writeDataset(new File(basedir, 'dataA'), ['train', 'test'], ['cat', 'dog'], 3, 1)
ItFixtures.writeDataset(new File(basedir, 'dataB'), ['train', 'test'], ['cat', 'dog'], 3, 500)
ItFixtures.initRepository(basedir)
true
