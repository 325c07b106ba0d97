import dev.mlops.maven.it.ItFixtures
import dev.mlops.maven.it.ServeFixtures
import groovy.json.JsonSlurper
import java.security.MessageDigest

def name = 'serve-registered'
def repo = localRepositoryPath.toString()
def json = new JsonSlurper()
def builds = new File(basedir, 'build.log').text.split(/\[INFO\] Scanning for projects\.\.\./).drop(1)
assert builds.size() == 2 : "expected 2 builds, found ${builds.size()}"
assert builds[0].contains("Registered model ${name} v1")
assert builds[1].contains("Moved alias production of model ${name} from nothing to v1")

def testFiles = []
new File(basedir, 'data/test').eachFileRecurse(groovy.io.FileType.FILES) { testFiles << it }
testFiles = testFiles.sort { it.path }
def relative = { File f -> basedir.toPath().resolve('data').relativize(f.toPath()).toString().replace('\\', '/') }
def sha256 = { File f -> MessageDigest.getInstance('SHA-256').digest(f.bytes).encodeHex().toString() }

// What the offline evaluation (target/mlops/evaluation.json) predicted for each test image: its
// class, or for a mistake the predicted class. Complete only when every mistake is listed.
def offline = {
  def evaluation = json.parse(new File(basedir, 'target/mlops/evaluation.json'))
  def m = evaluation.metrics
  def correct = (0..<m.confusion.size()).sum { m.confusion[it][it] }
  assert m.n == testFiles.size()
  assert m.n - correct == m.mostConfidentMistakes.size() : 'more mistakes than evaluation.json lists'
  assert m.mostConfidentMistakes.size() >= 3 : 'the three mislabeled images should be mistakes'
  def mistakes = m.mostConfidentMistakes.collectEntries { [(it.file): it] }
  testFiles.collectEntries { f ->
    def mistake = mistakes[relative(f)]
    [(relative(f)): [label: mistake ? mistake.predicted : f.parentFile.name, confidence: mistake?.confidence]]
  }
}

// Every test image over HTTP, one per request: the served version and the offline predictions.
def checkServed = { String url, String version, Map expected ->
  testFiles.each { f ->
    def answer = json.parseText(ServeFixtures.postImage("${url}/predictions/${name}", f, 'image/png'))
    def want = expected[relative(f)]
    assert answer.model == name
    assert answer.version == version
    assert answer.alias == 'production'
    assert answer.imageSha256 == sha256(f)
    assert answer.label == want.label : "${relative(f)}: served ${answer.label}, evaluated ${want.label}"
    if (want.confidence != null) {
      assert Math.abs(answer.confidence - want.confidence) <= 1e-4 : "${relative(f)}: ${answer.confidence} vs ${want.confidence}"
    }
  }
}

def expectedV1 = offline()
def port = ServeFixtures.freePort()
def serveLog = new File(basedir, 'serve.log')
def server = ItFixtures.startMaven(basedir, repo, serveLog, 'mlops:serve',
    '-Dmlops.alias=production', "-Dmlops.serve.port=${port}".toString(), '-Dmlops.serve.pollSeconds=1',
    '-Dmlops.serve.keepImages=true',
    // A backstop: the server stops by itself even if this script dies before stopping it.
    '-Dmlops.serve.stopAfterSeconds=900')
try {
  def url = ServeFixtures.awaitLine(serveLog, /Serving serve-registered v1 \(production\) at (http:\/\/127\.0\.0\.1:\d+) with onnxruntime-fp32/, server, 180)
  assert url == "http://127.0.0.1:${port}"
  assert json.parseText(ServeFixtures.get("${url}/ping")).status == 'Healthy'
  checkServed(url, 'v1', expectedV1)
  // A batch of two in one multipart request, answered in order.
  def batch = json.parseText(ServeFixtures.postMultipart("${url}/predictions/${name}?topK=1", testFiles.take(2)))
  assert batch*.label == testFiles.take(2).collect { expectedV1[relative(it)].label }
  assert batch.every { it.probabilities.size() == 1 }

  // v2 (another seed) is trained, registered and promoted while v1 is served.
  def trainLog = new File(basedir, 'train-v2.log')
  assert ItFixtures.await(ItFixtures.startMaven(basedir, repo, trainLog, 'install', '-Dmlops.train.seed=7')) == 0 : trainLog.text
  assert trainLog.text.contains("Registered model ${name} v2")
  def promoteLog = new File(basedir, 'promote-v2.log')
  assert ItFixtures.await(ItFixtures.startMaven(basedir, repo, promoteLog, 'mlops:promote',
      '-Dmlops.version=2', '-Dmlops.alias=production', '-Dmlops.promote.maxRegression=0.2')) == 0 : promoteLog.text
  // Served without a restart once the poll sees the moved alias.
  ServeFixtures.awaitBody("${url}/models", '"version":"v2"', 120)
  assert server.isAlive()
  checkServed(url, 'v2', offline())
  assert serveLog.text.contains("Reloaded ${name} v1 -> v2 (production, onnxruntime-fp32)")
  def metrics = ServeFixtures.get("${url}/metrics")
  assert metrics.readLines().any {
    it.startsWith('mlops_predictions_total{') && it.contains("model=\"${name}\"") && it.contains('version="v2"')
  }
  assert metrics.readLines().any { it.startsWith('mlops_model_reloads_total{result="success"} 1') }

  // Ctrl-C: SIGTERM runs the JVM's shutdown hooks, which stop the server gracefully.
  assert ServeFixtures.terminate(server, 120) == 143 : 'the server did not stop on SIGTERM'
} finally {
  ServeFixtures.kill(server)
}
def served = serveLog.text
assert served.contains("Stopped serving ${name}")

// One log line per served image; every image kept in the store.
def lines = new File(basedir, 'target/mlops/serving/predictions.jsonl').readLines().collect { json.parseText(it) }
assert lines.size() == 2 * testFiles.size() + 2
assert lines.every { it.stored == true && it.model == name }
assert lines*.version.toSet() == ['v1', 'v2'].toSet()

// drift-check on what the server saw: the test images, restored from the store.
def driftLog = new File(basedir, 'drift-served.log')
assert ItFixtures.await(ItFixtures.startMaven(basedir, repo, driftLog, 'mlops:drift-check',
    '-Dmlops.served=target/mlops/serving', '-Dmlops.against=production')) == 0 : driftLog.text
def drift = driftLog.text
assert drift.contains("Restored ${testFiles.size()} served images (of ${lines.size()} predictions in 1 log file under ")
assert drift =~ /No drift in \d+ tests on ${testFiles.size()} incoming images/
def restored = new File(basedir, 'target/mlops/served-images').list().toList().sort()
assert restored == testFiles.collect { sha256(it) + '.png' }.sort()
true
