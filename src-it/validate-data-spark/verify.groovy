import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('Running ValidateJob on Spark')
def spark = new JsonSlurper().parse(new File(basedir, 'target/spark.json'))
def local = new JsonSlurper().parse(new File(basedir, 'target/local.json'))
// Same manifest, counts, findings (checks, severities, messages, files) and inputs; only the
// timings differ.
for (key in ['manifestId', 'counts', 'findings', 'errors', 'warnings', 'passed', 'inputs']) {
  assert spark[key] == local[key] : "${key} differs: Spark ${spark[key]} vs local ${local[key]}"
}
assert spark.passed == false
def files = spark.findings.collectMany { it.files }
for (bad in ['train/cat/truncated.jpg', 'val/cat/notes.jpg', 'val/dog/empty.png',
             'test/dog/leaked.png', 'val/dog/tiny.png', 'train/bird', 'train/readme.txt']) {
  assert files.contains(bad) : "validation.json does not list ${bad}: ${files}"
}
assert files.count { it.contains(' ~ ') } >= 2 : "no perceptual near duplicates found: ${files}"
// The job's summary is not printed twice: the goal logs it once per run, at its severity.
assert log.count('[INFO] ERROR [decodable] train/cat/truncated.jpg') == 0
// The Spark runs log the findings as errors and fail the build the way a local run does.
assert log.count('Data validation failed with') == 3
assert log =~ /\[ERROR\] .*train\/cat\/truncated.jpg/
// The third run reused the second Spark run's result without inspecting an image.
assert log =~ /Running ValidateJob[^\n]*\n\[INFO\] Scanned 54 images[^\n]*\n\[INFO\] Validation is up to date/
assert log.count('Near-duplicate join') == 1
true
