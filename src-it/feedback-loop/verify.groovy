import dev.mlops.maven.it.ItFixtures
import dev.mlops.maven.it.ServeFixtures
import groovy.json.JsonSlurper

def name = 'feedback-loop'
def repo = localRepositoryPath.toString()
def json = new JsonSlurper()
def builds = new File(basedir, 'build.log').text.split(/\[INFO\] Scanning for projects\.\.\./).drop(1)
assert builds.size() == 2 : "expected 2 builds, found ${builds.size()}"
assert builds[0].contains("Registered model ${name} v1")
assert builds[1].contains("Moved alias production of model ${name} from nothing to v1")

// Runs one Maven build in the project and returns its log; it must succeed.
def mvn = { String logName, String... args ->
  def log = new File(basedir, logName)
  assert ItFixtures.await(ItFixtures.startMaven(basedir, repo, log, args)) == 0 : log.text
  log.text
}

def port = ServeFixtures.freePort()
def serveLog = new File(basedir, 'serve.log')
def server = ItFixtures.startMaven(basedir, repo, serveLog, 'mlops:serve',
    '-Dmlops.alias=production', "-Dmlops.serve.port=${port}".toString(), '-Dmlops.serve.pollSeconds=1',
    // A backstop: the server stops by itself even if this script dies before stopping it.
    '-Dmlops.serve.stopAfterSeconds=900')
try {
  def url = ServeFixtures.awaitLine(serveLog, /Serving feedback-loop v1 \(production\) at (http:\/\/127\.0\.0\.1:\d+)/, server, 180)

  // Four corrections through the server, as a person on the page sends them: each image is
  // predicted first, then POST /feedback names the prediction by its requestId. Three new dark
  // images, and the dark image filed under bright.
  def fresh = new File(basedir, 'fresh')
  ItFixtures.writeBrightDark(fresh, ['x'], 3, 16, 7_000, 1.0)
  def files = new File(fresh, 'x/dark').listFiles().sort { it.name }.toList()
  def misfiled = new File(basedir, 'data/train/bright').listFiles().find { it.name.startsWith('misfiled-') }
  files << misfiled
  def images = []
  files.eachWithIndex { file, i ->
    def answer = json.parseText(ServeFixtures.postImage("${url}/predictions/${name}", file, 'image/png'))
    images << answer.imageSha256
    def record = json.parseText(ServeFixtures.postJson("${url}/feedback",
        """{"requestId":"${answer.requestId}","label":"dark","userId":"user-${i}"}"""))
    assert record.id == i + 1 && record.version == 'v1' && record.label == 'dark'
  }
  assert json.parseText(ServeFixtures.get("${url}/feedback/stats")).total == 4

  def ingest = mvn('ingest-feedback.log', 'mlops:ingest-feedback')
  assert ingest.contains("Ingested feedback records 1..4 (4) into dataset ${name} v2 (parent: v1): 3 new, 1 relabelled, 0 unchanged, 0 skipped (0 proposing new classes)")
  assert ingest.contains("relabelled train/bright/${misfiled.name} -> train/dark/${misfiled.name}")
  images.take(3).each { assert new File(basedir, "data/train/dark/fb-${it.substring(0, 12)}.png").isFile() }
  def card = json.parseText(ItFixtures.registryFile(basedir, "datasets/${name}/v2/card.json").get())
  assert card.parent == 'v1'
  assert card.source == 'feedback'
  assert card.feedback.firstId == 1 && card.feedback.lastId == 4
  assert card.feedback.added == [dark: 3]
  assert card.feedback.relabelled == [dark: 1]

  assert mvn('ingest-again.log', 'mlops:ingest-feedback').contains("No new feedback for dataset ${name}: the log ends at record 4, taken in up to record 4; nothing to version")
  assert mvn('diff.log', 'mlops:diff-data', '-Dmlops.from=v1', '-Dmlops.to=v2').contains("Dataset ${name} v1 -> v2: 3 added, 0 removed, 0 changed, 1 relabelled")
  def check = mvn('retrain-check.log', 'mlops:retrain-check')
  assert check.contains("dataset v2 is newer than v1 that the model behind production (v1) was trained on (dataset ${name})")

  // One watch cycle: nothing new to ingest, retraining due, the child build registers v2, and the
  // champion gate (both versions evaluated again on the current test split) lets it be promoted.
  def watch = mvn('watch.log', 'mlops:watch', '-Dmlops.watch.maxCycles=1', '-Dmlops.watch.intervalSeconds=0',
      '-Dmlops.watch.promote=true', '-Dmlops.watch.maxRegression=0.2')
  assert watch.contains('Retraining build ended with exit code 0')
  assert watch.contains("Moved alias production of model ${name} from v1 to v2")
  assert new File(basedir, 'target/mlops/watch-build.log').text.contains("Registered model ${name} v2")
  def cycles = new File(basedir, 'target/mlops/watch.jsonl').readLines().collect { json.parseText(it) }
  assert cycles.size() == 1
  def c = cycles[0]
  assert c.cycle == 1 && c.ingested == 0 && c.due && c.buildExitCode == 0
  assert c.registered == 'v2' && c.promoted
  assert c.reasons[0].startsWith('dataset v2 is newer than v1 ')
  def v2 = json.parseText(ItFixtures.registryFile(basedir, "models/${name}/v2/card.json").get())
  assert v2.dataset.version == 2

  // The server follows production to v2 without a restart.
  ServeFixtures.awaitBody("${url}/models", '"version":"v2"', 120)
  assert ServeFixtures.terminate(server, 120) == 143 : 'the server did not stop on SIGTERM'
} finally {
  ServeFixtures.kill(server)
}
true
