def log = new File(basedir, 'build.log').text
def builds = log.split(/\[INFO\] Scanning for projects\.\.\./).drop(1)
assert builds.size() == 3 : "expected 3 builds, found ${builds.size()}"
def predict = builds[1]
assert predict.contains('BUILD SUCCESS')
assert predict =~ /predict: 21 images in \S+incoming with \S+target\/mlops\/model\.onnx/
def summary = predict =~ /\[INFO\] predict: 21 images \(20 predicted, 1 failed\) in [\d.]+ s, (\d+) images\/s -> (\S+)/
assert summary.find() : 'no summary line'
assert predict =~ /\[WARNING\] predict: cannot read image batch\/readme\.png/

// A Parquet file (parquet-java's reader needs Hadoop, which this class path lacks; the core's and
// mlops-spark's tests read the rows back): magic bytes, the schema's columns and the labels in
// the footer, and the predicted labels in the (uncompressed, dictionary-encoded) label column.
def file = new File(basedir, 'target/predictions.parquet')
assert summary.group(2) == file.canonicalPath
def bytes = file.bytes
def text = new String(bytes, 'ISO-8859-1')
assert text.startsWith('PAR1') && text.endsWith('PAR1')
['path', 'sha256', 'label', 'confidence', 'probabilities', 'element', 'error', 'mlops.labels', '["bright","dark"]'].each {
  assert text.contains(it) : "no ${it} in the file"
}
assert text.contains('bright') && text.contains('dark')
assert !new File(basedir, 'target').list().any { it.endsWith('.tmp') }

// On Spark: PredictJob writes the same schema and rows through the same writer. Probabilities
// may differ in the last bits (batches are cut per partition), so the rows' values are compared
// with a Parquet reader in mlops-spark's PredictJobTest; here the file's paths and labels.
def spark = builds[2]
assert spark.contains('BUILD SUCCESS')
assert spark =~ /predict: 21 images \(20 predicted, 1 failed\)/
def sparkText = new String(new File(basedir, 'target/spark-predictions.parquet').bytes, 'ISO-8859-1')
assert sparkText.startsWith('PAR1') && sparkText.endsWith('PAR1')
def incoming = new File(basedir, 'incoming')
incoming.eachFileRecurse(groovy.io.FileType.FILES) { f ->
  def relative = incoming.toPath().relativize(f.toPath()).toString()
  assert sparkText.contains(relative) : "no row for ${relative} in the Spark run's file"
}
['mlops.labels', '["bright","dark"]', 'probabilities', 'error'].each { assert sparkText.contains(it) }
true
