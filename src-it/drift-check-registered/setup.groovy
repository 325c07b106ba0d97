import dev.mlops.maven.it.ItFixtures

// Training data: 30 images per class in train, val and test (the baseline's outputs come from test).
ItFixtures.writeBrightDark(new File(basedir, 'data'), ['train', 'val', 'test'], 30, 16)
// New images of the same distribution (other seeds), labeled by class folder.
ItFixtures.writeBrightDark(new File(basedir, 'incoming-same'), ['x'], 30, 16, 100_000, 1.0)
new File(basedir, 'incoming-same/x').renameTo(new File(basedir, 'incoming-same-labeled'))
// The same scene, darkened to 40%: drift in brightness and the channel means.
ItFixtures.writeBrightDark(new File(basedir, 'incoming-dark'), ['x'], 30, 16, 200_000, 0.4)
// Too few images for a verdict.
ItFixtures.writeBrightDark(new File(basedir, 'incoming-few'), ['x'], 3, 16, 300_000, 0.4)
ItFixtures.initRepository(basedir)
true
