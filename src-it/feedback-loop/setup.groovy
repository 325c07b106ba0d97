import dev.mlops.maven.it.ItFixtures

def data = new File(basedir, 'data')
ItFixtures.writeBrightDark(data, ['train', 'val'], 12, 16)
ItFixtures.writeBrightDark(data, ['test'], 10, 16, 1_000, 1.0)
// One dark image filed under bright: a person corrects it through feedback (a relabel).
def extra = new File(basedir, 'misfiled')
ItFixtures.writeBrightDark(extra, ['x'], 1, 16, 5_000, 1.0)
new File(extra, 'x/dark').eachFile { it.renameTo(new File(data, "train/bright/misfiled-${it.name}")) }
extra.deleteDir()
ItFixtures.initRepository(basedir)
true
