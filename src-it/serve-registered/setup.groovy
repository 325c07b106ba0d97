import dev.mlops.maven.it.ItFixtures

def data = new File(basedir, 'data')
ItFixtures.writeBrightDark(data, ['train', 'val'], 12, 16)
// 59 test images: served, they are enough for a drift verdict (at least 50).
ItFixtures.writeBrightDark(data, ['test'], 28, 16, 1_000, 1.0)
// Three dark images labeled bright: the models misclassify them, so the offline evaluation has
// mistakes that the served answers must repeat.
def extra = new File(basedir, 'mislabeled')
ItFixtures.writeBrightDark(extra, ['x'], 3, 16, 5_000, 1.0)
new File(extra, 'x/dark').eachFile { it.renameTo(new File(data, "test/bright/${it.name}")) }
extra.deleteDir()
ItFixtures.initRepository(basedir)
true
