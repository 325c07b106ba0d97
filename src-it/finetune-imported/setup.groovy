import dev.mlops.maven.it.ItFixtures

ItFixtures.writeBrightDark(new File(basedir, 'data'), ['train', 'val', 'test'], 12, 32)
def weights = new File(basedir, 'weights/resnet18.onnx')
weights.parentFile.mkdirs()
// CI installs python3-torchvision (.ci/run); the export takes a few seconds.
def python = ['/usr/bin/python3', new File(basedir, 'make_weights.py').path, weights.path].execute()
def err = new StringBuilder()
python.consumeProcessErrorStream(err)
assert python.waitFor() == 0 : "make_weights.py failed: ${err}"
assert weights.length() > 40_000_000
ItFixtures.initRepository(basedir)
true
