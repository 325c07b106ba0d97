import dev.mlops.maven.it.ItFixtures

ItFixtures.writeDataset(new File(basedir, 'data'), ['train', 'val', 'test'], ['cat', 'dog'], 6, 1)
true
