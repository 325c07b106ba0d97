import dev.mlops.maven.it.ItFixtures

// 10 images per class and split.
ItFixtures.writeBrightDark(new File(basedir, 'data'), ['train', 'val', 'test'], 10, 16)
ItFixtures.initRepository(basedir)
true
