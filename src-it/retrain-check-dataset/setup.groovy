import dev.mlops.maven.it.ItFixtures

def splits = ['train', 'val', 'test']
ItFixtures.writeBrightDark(new File(basedir, 'data'), splits, 4, 16)
// data2: the same images plus one more training image, so its version is v2.
ItFixtures.writeBrightDark(new File(basedir, 'data2'), splits, 4, 16)
ItFixtures.writeImage(new File(basedir, 'data2/train/bright/extra.png'), 4242, 16)
ItFixtures.initRepository(basedir)
true
