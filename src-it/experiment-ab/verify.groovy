import dev.mlops.maven.it.ItFixtures
import dev.mlops.maven.it.ServeFixtures
import groovy.json.JsonSlurper

def name = 'experiment-ab'
def repo = localRepositoryPath.toString()
def json = new JsonSlurper()
def builds = new File(basedir, 'build.log').text.split(/\[INFO\] Scanning for projects\.\.\./).drop(1)
assert builds.size() == 3 : "expected 3 builds, found ${builds.size()}"
assert builds[0].contains("Registered model ${name} v1")
assert builds[1].contains("Registered model ${name} v2")
assert builds[2].contains("Moved alias production of model ${name} from nothing to v1")

// Runs one Maven build in the project and returns its log; it must succeed.
def mvn = { String logName, String... args ->
  def log = new File(basedir, logName)
  assert ItFixtures.await(ItFixtures.startMaven(basedir, repo, log, args)) == 0 : log.text
  log.text
}

def started = mvn('start.log', 'mlops:experiment-start', '-Dmlops.experiment=bigger',
    '-Dmlops.experiment.treatment=v2', '-Dmlops.experiment.hypothesis=more epochs, fewer corrections')
assert started.contains("experiment-start ${name}/bigger: ")
assert started.contains('control v1 (production) vs treatment v2 (v2), 50.0% of users to treatment')
def spec = json.parseText(ItFixtures.registryFile(basedir, "experiments/${name}/bigger.json").get())
assert spec.status == 'running' && spec.control.version == 1 && spec.treatment.version == 2
assert mvn('list.log', 'mlops:experiments') =~ /bigger\s+running\s+split/

def port = ServeFixtures.freePort()
def serveLog = new File(basedir, 'serve.log')
def server = ItFixtures.startMaven(basedir, repo, serveLog, 'mlops:serve',
    '-Dmlops.alias=production', "-Dmlops.serve.port=${port}".toString(), '-Dmlops.serve.pollSeconds=1',
    // A backstop: the server stops by itself even if this script dies before stopping it.
    '-Dmlops.serve.stopAfterSeconds=900')
try {
  def url = ServeFixtures.awaitLine(serveLog, /Serving experiment-ab v1 \(production\) at (http:\/\/127\.0\.0\.1:\d+)/, server, 180)
  ServeFixtures.awaitLine(serveLog, /Serving experiment bigger of experiment-ab: control v1, treatment v2 \(split/, server, 60)
  def images = new File(basedir, 'fresh')
  ItFixtures.writeBrightDark(images, ['x'], 1, 16, 7_000, 1.0)
  def files = [new File(images, 'x/bright').listFiles()[0], new File(images, 'x/dark').listFiles()[0]]

  // 120 users with two predictions each. Every prediction gets feedback: control's answers are
  // corrected for three users in four, treatment's for one user in eight (one of its two answers).
  def seen = [control: 0, treatment: 0]
  def posted = 0
  (0..<120).each { u ->
    def user = "user-${u}".toString()
    def variants = [] as Set
    files.eachWithIndex { file, i ->
      def answer = json.parseText(ServeFixtures.postImageWith("${url}/predictions/${name}", file, 'X-User-Id', user)[0])
      assert answer.experiment == 'bigger'
      assert answer.version == (answer.variant == 'treatment' ? 'v2' : 'v1')
      variants << answer.variant
      seen[answer.variant]++
      boolean correct = answer.variant == 'control' ? u % 4 != 0 : (u % 8 == 0 && i == 0)
      def label = correct ? (answer.label == 'bright' ? 'dark' : 'bright') : answer.label
      def record = json.parseText(ServeFixtures.postJson("${url}/feedback",
          """{"requestId":"${answer.requestId}","label":"${label}","userId":"${user}"}"""))
      assert record.version == answer.version
      posted++
    }
    assert variants.size() == 1 : "${user} was answered by ${variants}"
  }
  assert seen.control > 60 && seen.treatment > 60 : seen

  // A browser without a user id gets a cookie, and keeps its variant when it sends it back.
  def first = ServeFixtures.postImageWith("${url}/predictions/${name}", files[0])
  assert first[1] != null && first[1].startsWith('mlops_user=') : first
  def cookie = first[1].split(';')[0]
  def again = ServeFixtures.postImageWith("${url}/predictions/${name}", files[1], 'Cookie', cookie)
  assert again[1] == null
  assert json.parseText(again[0]).variant == json.parseText(first[0]).variant

  // The report's counts equal the log's.
  def report = mvn('report.log', 'mlops:experiment-report')
  def lines = new File(basedir, 'target/mlops/serving').listFiles().findAll { it.name.startsWith('predictions') }
      .collectMany { it.readLines() }.collect { json.parseText(it) }.findAll { it.experiment == 'bigger' }
  assert lines.size() == 242
  def result = json.parseText(new File(basedir, 'target/mlops/experiment.json').text)
  ['control', 'treatment'].each { v ->
    def logged = lines.findAll { it.variant == v }
    assert result[v].predictions == logged.size()
    assert result[v].users == logged.collect { it.userId }.toSet().size()
  }
  assert result.control.users + result.treatment.users == 121
  assert result.control.feedback + result.treatment.feedback == posted
  assert new File(basedir, 'target/mlops/experiment.html').isFile()
  assert report.contains('treatment better') : report

  // Stopping promotes the winner through the champion gate; the server goes back to the alias.
  def stop = mvn('stop.log', 'mlops:experiment-stop', '-Dmlops.experiment.promote=true',
      '-Dmlops.experiment-stop.maxRegression=1')
  assert stop.contains("Moved alias production of model ${name} from v1 to v2") : stop
  assert stop.contains("Stopped experiment bigger of model ${name}: treatment better")
  spec = json.parseText(ItFixtures.registryFile(basedir, "experiments/${name}/bigger.json").get())
  assert spec.status == 'stopped' && spec.promoted == 'v2'
  ServeFixtures.awaitLine(serveLog, /Stopped serving experiment bigger of experiment-ab .*; serving v2/, server, 120)
  ServeFixtures.awaitBody("${url}/models", '"version":"v2"', 120)
  def after = json.parseText(ServeFixtures.postImageWith("${url}/predictions/${name}", files[0], 'X-User-Id', 'user-1')[0])
  assert after.version == 'v2' && after.experiment == null
  assert ServeFixtures.terminate(server, 120) == 143 : 'the server did not stop on SIGTERM'
} finally {
  ServeFixtures.kill(server)
}
true
