import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('Perturbing block1.conv.weight[0] by +1 in the exported file: the parity check must fail')
def parity = log =~ /\[WARNING\] Parity DJL vs ONNX Runtime on (\d+) test images: max \|p_djl - p_onnx\| (\S+) \(tolerance 0.00010\)/
assert parity.find() : 'no parity line'
assert Double.parseDouble(parity.group(2)) > 1e-4
assert log.contains('The ONNX model does not compute what the trained model computes')
assert log.contains("This is the perturbWeight fire drill on block1.conv.weight: the check works")

def out = new File(basedir, 'target/mlops')
assert new File(out, 'model').isDirectory() : 'the model was not trained'
assert !new File(out, 'model.onnx').exists()
assert !new File(out, 'model-int8.onnx').exists()
def report = new JsonSlurper().parse(new File(out, 'export.json'))
assert report.parity.passed == false
assert report.parity.maxAbsDifference > 1e-4
assert report.parity.samples == 24
assert report.fp32.path == null
assert report.int8 == null
true
