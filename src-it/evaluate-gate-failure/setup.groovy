import dev.mlops.maven.it.ItFixtures

// Pure noise with coin-toss labels: no model can reach the 0.9 accuracy gate.
ItFixtures.writeUnlearnable(new File(basedir, 'data'), ['train', 'val', 'test'], 10, 16)
true
