import groovy.json.JsonSlurper
import java.security.MessageDigest

def sha256 = { File f -> MessageDigest.getInstance('SHA-256').digest(f.bytes).encodeHex().toString() }
def log = new File(basedir, 'build.log').text
def builds = log.split(/\[INFO\] Scanning for projects\.\.\./).drop(1)
assert builds.size() == 2 : "expected 2 builds, found ${builds.size()}"

def first = builds[0]
assert first.contains('BUILD SUCCESS')
def parity = first =~ /Parity DJL vs ONNX Runtime on (\d+) test images: max \|p_djl - p_onnx\| (\S+) \(tolerance 0.00010\), 0 predictions differ/
assert parity.find() : 'no passing parity line in the first build'
assert parity.group(1) == '24'
assert Double.parseDouble(parity.group(2)) <= 1e-4
assert first =~ /int8 \(U8S8_REDUCED\): [\d.]+ MB \([\d.]+x smaller\), accuracy [\d.]+ vs fp32 [\d.]+ on 24 test images/
assert first =~ /agrees with fp32 on [\d.]+% \(disagreement [\d.]+, max 0\.2500\)/
assert first =~ /Exported \S+model\.onnx \([\d.]+ MB\) and model-int8\.onnx/
// The second build reuses the checked files and still attaches them.
def second = builds[1]
assert second.contains('BUILD SUCCESS')
assert second.contains('ONNX export is up to date')
assert second =~ /Up to date: \S+model\.onnx \([\d.]+ MB\) and model-int8\.onnx/
assert !second.contains('Parity DJL vs ONNX Runtime')

def out = new File(basedir, 'target/mlops')
def fp32 = new File(out, 'model.onnx')
def int8 = new File(out, 'model-int8.onnx')
// cnn-small has about 94,000 float parameters: 370 kB as fp32, about a quarter as int8.
assert fp32.length() > 300_000 : "model.onnx has ${fp32.length()} bytes"
assert int8.length() > 50_000 && int8.length() < fp32.length() / 2 : "model-int8.onnx has ${int8.length()} bytes"

def report = new JsonSlurper().parse(new File(out, 'export.json'))
assert report.parity.passed == true
assert report.parity.split == 'test'
assert report.parity.samples == 24
assert report.parity.maxAbsDifference <= 1e-4
assert report.parity.differingPredictions.isEmpty()
assert report.fp32.bytes == fp32.length()
assert report.fp32.sha256 == sha256(fp32)
assert report.int8.passed == true
assert report.int8.file.bytes == int8.length()
assert report.int8.file.sha256 == sha256(int8)
assert report.int8.images == 24
assert report.int8.fp32Accuracy >= 0.9
assert report.int8.accuracyLoss <= 0.25
assert Math.abs(report.int8.accuracyLoss - (report.int8.fp32Accuracy - report.int8.int8Accuracy)) < 1e-9
assert report.int8.scheme == 'U8S8_REDUCED'
assert report.int8.maxDisagreement == 0.25
assert Math.abs(report.int8.disagreement - (1 - report.int8.agreement)) < 1e-9
assert report.int8.disagreement <= 0.25

// Attached (classifiers onnx and onnx-int8) and installed like any artifact.
def installed = new File(localRepositoryPath, 'dev/mlops/it/export-onnx-parity/1.0')
def installedFp32 = new File(installed, 'export-onnx-parity-1.0-onnx.onnx')
def installedInt8 = new File(installed, 'export-onnx-parity-1.0-onnx-int8.onnx')
assert installedFp32.isFile() && sha256(installedFp32) == sha256(fp32)
assert installedInt8.isFile() && sha256(installedInt8) == sha256(int8)

// The reference checker of the ONNX project, when python3 has it (CI installs python3-onnx).
def python = '/usr/bin/python3'
def hasOnnx = new File(python).canExecute() && [python, '-c', 'import onnx'].execute().waitFor() == 0
if (hasOnnx) {
  def script = 'import sys, onnx\nfor f in sys.argv[1:]:\n    onnx.checker.check_model(f, full_check=True)\n    print("onnx.checker passed:", f)'
  def checker = [python, '-c', script, fp32.path, int8.path].execute()
  def output = new StringBuilder()
  checker.waitForProcessOutput(output, output)
  assert checker.exitValue() == 0 : "onnx.checker.check_model failed:\n${output}"
  assert output.count('onnx.checker passed:') == 2
  println output
} else {
  println "${python} has no onnx module: onnx.checker.check_model skipped"
}
true
