import dev.mlops.maven.it.ItFixtures

ItFixtures.writeBrightDark(new File(basedir, 'data'), ['train', 'val', 'test'], 12, 16)
true
