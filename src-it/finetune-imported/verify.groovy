import dev.mlops.maven.it.ItFixtures
import groovy.json.JsonSlurper
import java.security.MessageDigest

def sha256 = { File f ->
  def digest = MessageDigest.getInstance('SHA-256')
  f.withInputStream { s -> byte[] b = new byte[1 << 20]; int n; while ((n = s.read(b)) > 0) digest.update(b, 0, n) }
  digest.digest().encodeHex().toString()
}
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
def weights = new File(basedir, 'weights/resnet18.onnx')
def format = 'ONNX from pytorch 1.13.0 (opset 13), torchvision resnet18 layout, batch norm folded into 20 convolutions'

// Import: every backbone weight copied, the 1000-class head replaced by a fresh 2-class one.
assert log.contains("initialised from ${weights.path} (${format}): 11,176,512 parameters copied, head re-initialised (the file has 1000 classes, the model 2)")
assert log =~ /\[WARNING\] initFrom: resnet18\.onnx holds torchvision weights, usually trained on 224 px ImageNet images \(the file's graph input is fixed at 224x224\); inputSize 32 works/
assert log =~ /\[WARNING\] initFrom: resnet18\.onnx has batch norm folded into 20 convolutions/
// Frozen backbone in both epochs; the head learns bright vs dark from the imported features.
assert (log =~ /backbone frozen: training the head \(fc\) only/).count == 2
def trained = log =~ /model trained: best epoch \d of 2, val accuracy ([\d.]+), 11,177,538 parameters/
assert trained.find()
assert Double.parseDouble(trained.group(1)) >= 0.75
// Export parity and evaluation of the fine-tuned network.
def parity = log =~ /Parity DJL vs ONNX Runtime on 24 test images: max \|p_djl - p_onnx\| (\S+) \(tolerance 0.00010\), 0 predictions differ/
assert parity.find()
assert Double.parseDouble(parity.group(1)) <= 1e-4
assert log =~ /Evaluated resnet18 on 24 test images in [\d.]+ s: accuracy (0\.[89]\d*|1\.0+)/
assert log.contains('Registered model finetune-imported v1')

// The file's hash and origin on the model's card and on the registry's version card.
def hash = sha256(weights)
def card = new JsonSlurper().parse(new File(basedir, 'target/mlops/model/card.json'))
assert card.initFromSha256 == hash
assert card.initFromOrigin == "resnet18.onnx: ${format}".toString()
assert card.hyperparameters.freezeBackbone == true
def registered = new JsonSlurper().parseText(ItFixtures.registryFile(basedir, 'models/finetune-imported/v1/card.json').get())
assert registered.initFromOrigin == card.initFromOrigin
assert registered.initFromSha256 == hash
assert registered.hyperparameters.freezeBackbone == true
assert registered.parentVersion == null
true
