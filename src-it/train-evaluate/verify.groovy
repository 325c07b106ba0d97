import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log =~ /epoch 1\/3 batch \d+\/\d+ loss [\d.]+ acc [\d.]+ [\d.]+ img\/s ETA/
assert log =~ /epoch 3\/3 done: train loss/
assert log =~ /loader wait [\d.]+ s, compute [\d.]+ s/
assert log =~ /model trained: best epoch \d of 3/
assert log =~ /Accuracy [\d.]+, macro F1/
assert log.contains('Gate passed: accuracy')

def model = new File(basedir, 'target/mlops/model')
['params', 'graph.json', 'labels.json', 'preprocessing.json', 'history.json', 'fingerprint', 'card.json'].each {
  assert new File(model, it).isFile() : "missing target/mlops/model/${it}"
}
def history = new JsonSlurper().parse(new File(model, 'history.json'))
assert history.epochs.size() == 3
def evaluation = new JsonSlurper().parse(new File(basedir, 'target/mlops/evaluation.json'))
assert evaluation.metrics.accuracy >= 0.9
assert evaluation.model.split == 'test'
def report = new File(basedir, 'target/mlops/report/index.html')
assert report.isFile()
assert report.text.contains('data:image/png;base64,')
true
