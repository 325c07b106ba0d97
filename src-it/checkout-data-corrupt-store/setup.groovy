import dev.mlops.maven.it.ItFixtures
import java.nio.file.Files
import java.security.MessageDigest

ItFixtures.writeDataset(new File(basedir, 'data'), ['train', 'test'], ['cat', 'dog'], 3, 1)
// local/ shares two images with v1, lacks the others and has one that is in no version.
ItFixtures.writeDataset(new File(basedir, 'local'), ['train'], ['cat'], 2, 1)
ItFixtures.writeImage(new File(basedir, 'local/train/cat/precious.png'), 999, 24)
def local = new File(basedir, 'local').toPath()
def before = new File(basedir, 'local-before').toPath()
Files.walk(local).each { p ->
  def copy = before.resolve(local.relativize(p).toString())
  if (Files.isDirectory(p)) Files.createDirectories(copy) else Files.copy(p, copy)
}

// The store's copy of test/dog/img-10.png has one byte flipped (version-data keeps an object that is
// already there, so the damage survives versioning, as damage done after it would).
def image = new File(basedir, 'data/test/dog/img-10.png').bytes
def sha = MessageDigest.getInstance('SHA-256').digest(image).encodeHex().toString()
def object = new File(basedir, "store/objects/${sha.substring(0, 2)}/${sha.substring(2)}")
object.parentFile.mkdirs()
def mid = image.length.intdiv(2)
image[mid] = (byte) (image[mid] ^ 1)
object.bytes = image
new File(basedir, 'corrupt-sha').text = sha

ItFixtures.initRepository(basedir)
true
