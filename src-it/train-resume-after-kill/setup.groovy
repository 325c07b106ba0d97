import dev.mlops.maven.it.ItFixtures

ItFixtures.writeBrightDark(new File(basedir, 'data'), ['train', 'val'], 60, 48)
// The same project in a second directory trains without interruption, for comparison.
def twin = new File(basedir, 'twin')
twin.mkdirs()
new File(twin, 'pom.xml').text = new File(basedir, 'pom.xml').text.replace('train-resume-after-kill', 'twin')
ItFixtures.writeBrightDark(new File(twin, 'data'), ['train', 'val'], 60, 48)
true
