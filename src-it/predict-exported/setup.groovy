import dev.mlops.maven.it.ItFixtures

ItFixtures.writeBrightDark(new File(basedir, 'data'), ['train', 'val', 'test'], 12, 16)
// new images of the same classes, in class folders (the folders are not read as labels)
ItFixtures.writeBrightDark(new File(basedir, 'incoming'), ['batch'], 10, 16, 500, 1.0)
new File(basedir, 'incoming/batch/readme.png').text = 'not an image'
true
