def name = 'features-spark'
def log = new File(basedir, 'build.log').text
def builds = log.split(/\[INFO\] Scanning for projects\.\.\./).drop(1)
assert builds.size() == 3 : "expected 3 builds, found ${builds.size()}"
assert builds[0].contains("Registered model ${name} v1")
// Spark: both views computed on the executors, loaded into the project's feature store (train
// stored the 20 training images' image-stats with the drift baseline).
assert builds[1].contains('Running FeaturesJob on Spark')
assert builds[1] =~ /features image-stats: 40 computed, 20 reused, 0 failed in/
assert builds[1] =~ /features embedding\/${name}\/v1: 60 computed, 0 reused, 0 failed in/
assert builds[1] =~ /FeaturesJob image-stats: 40 computed, 20 reused, 0 unreadable, \d+ parts, 40 rows loaded/
assert builds[1].contains('BUILD SUCCESS')
// The Parquet parts are in the store's offline layout.
def offline = new File(basedir, 'store/features/offline')
assert new File(offline, 'image-stats').isDirectory()
assert new File(offline, "embedding/${name}/v1").isDirectory()
// This machine: every row is there under the same views.
assert builds[2] =~ /features image-stats: 0 computed, 60 reused, 0 failed in/
assert builds[2] =~ /features embedding\/${name}\/v1: 0 computed, 60 reused, 0 failed in/
assert !builds[2].contains('Running FeaturesJob')
true
