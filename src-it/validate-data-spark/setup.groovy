import dev.mlops.maven.it.ItFixtures
import java.nio.file.Files

// Real images with injected faults of every kind the Spark job must find as a local run does.
def data = new File(basedir, 'data')
ItFixtures.writeDataset(data, ['train', 'val', 'test'], ['cat', 'dog'], 8, 1)
def jpeg = new File(data, 'train/cat/truncated.jpg')
ItFixtures.writeImage(jpeg, 1000, 64)
byte[] j = jpeg.bytes
jpeg.bytes = Arrays.copyOf(j, (int) (j.length / 2))
new File(data, 'val/cat/notes.jpg').text = 'this is not an image\n'
new File(data, 'val/dog/empty.png').bytes = new byte[0]
// Exact leakage (a copy); the generated 4x4-block images also give perceptual near duplicates
// across splits (the join on Spark must find each pair the local search finds).
Files.copy(new File(data, 'train/dog/img-9.png').toPath(), new File(data, 'test/dog/leaked.png').toPath())
// An undeclared class, a tiny image and a file that is not an image.
ItFixtures.writeImage(new File(data, 'train/bird/img-2000.png'), 2000, 24)
ItFixtures.writeImage(new File(data, 'val/dog/tiny.png'), 2001, 4)
new File(data, 'train/readme.txt').text = 'notes\n'
true
