import dev.mlops.maven.it.ItFixtures

def data1 = new File(basedir, 'data1')
ItFixtures.writeDataset(data1, ['train', 'val', 'test'], ['cat', 'dog'], 4, 1)
def data2 = new File(basedir, 'data2')
ItFixtures.writeDataset(data2, ['train', 'val', 'test'], ['cat', 'dog'], 4, 1)
// v2 adds three training images of cats and one of dogs.
(100..102).each { ItFixtures.writeImage(new File(data2, "train/cat/new-${it}.png"), it, 24) }
ItFixtures.writeImage(new File(data2, 'train/dog/new-103.png'), 103, 24)
ItFixtures.initRepository(basedir)
true
