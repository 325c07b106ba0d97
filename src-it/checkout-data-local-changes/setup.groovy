import dev.mlops.maven.it.ItFixtures

ItFixtures.writeDataset(new File(basedir, 'data'), ['train', 'test'], ['cat', 'dog'], 3, 1)
ItFixtures.writeDataset(new File(basedir, 'local'), ['train', 'test'], ['cat', 'dog'], 3, 1)
ItFixtures.writeImage(new File(basedir, 'local/train/cat/precious.png'), 999, 24)
ItFixtures.initRepository(basedir)
true
