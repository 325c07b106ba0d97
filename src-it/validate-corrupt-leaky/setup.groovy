import dev.mlops.maven.it.ItFixtures
import java.nio.file.Files

def data = new File(basedir, 'data')
ItFixtures.writeDataset(data, ['train', 'val', 'test'], ['cat', 'dog'], 6, 1)

// A real JPEG and a real PNG, cut in half.
def jpeg = new File(data, 'train/cat/truncated.jpg')
ItFixtures.writeImage(jpeg, 1000, 64)
byte[] j = jpeg.bytes
jpeg.bytes = Arrays.copyOf(j, (int) (j.length / 2))
def png = new File(data, 'train/dog/truncated.png')
ItFixtures.writeImage(png, 1001, 64)
byte[] p = png.bytes
png.bytes = Arrays.copyOf(p, (int) (p.length / 2))
// Text pretending to be an image, and an empty file.
new File(data, 'val/cat/notes.jpg').text = 'this is not an image\n'
new File(data, 'val/dog/empty.png').bytes = new byte[0]
// Leakage: a training image copied into the test split.
Files.copy(new File(data, 'train/dog/img-7.png').toPath(), new File(data, 'test/dog/leaked.png').toPath())
// A class folder that is not declared.
ItFixtures.writeImage(new File(data, 'train/bird/img-2000.png'), 2000, 24)
true
