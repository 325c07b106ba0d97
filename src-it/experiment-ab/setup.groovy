import dev.mlops.maven.it.ItFixtures

def data = new File(basedir, 'data')
ItFixtures.writeBrightDark(data, ['train', 'val'], 12, 16)
ItFixtures.writeBrightDark(data, ['test'], 10, 16, 1_000, 1.0)
ItFixtures.initRepository(basedir)
true
