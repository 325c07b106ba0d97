import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
for (bad in ['train/cat/truncated.jpg', 'train/dog/truncated.png', 'val/cat/notes.jpg',
             'val/dog/empty.png', 'test/dog/leaked.png', 'train/dog/img-7.png', 'train/bird']) {
  assert log.contains(bad) : "build.log does not name ${bad}"
}
assert log =~ /Validation failed: \d+ errors/
def report = new JsonSlurper().parse(new File(basedir, 'target/mlops/validation.json'))
assert report.passed == false
def files = report.findings.collectMany { it.files }
for (bad in ['train/cat/truncated.jpg', 'train/dog/truncated.png', 'val/cat/notes.jpg',
             'val/dog/empty.png', 'test/dog/leaked.png']) {
  assert files.contains(bad) : "validation.json does not list ${bad}"
}
true
