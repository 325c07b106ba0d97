import dev.mlops.maven.it.ItFixtures

def splits = ['train', 'val', 'test']
ItFixtures.writeBrightDark(new File(basedir, 'data'), splits, 8, 16)
// data2: the same images plus more training images.
ItFixtures.writeBrightDark(new File(basedir, 'data2'), splits, 8, 16)
ItFixtures.writeBrightDark(new File(basedir, 'data2/extra'), ['train'], 4, 16)
['bright', 'dark'].each { c ->
  new File(basedir, "data2/extra/train/${c}").eachFile { f ->
    f.renameTo(new File(basedir, "data2/train/${c}/extra-${f.name}"))
  }
}
new File(basedir, 'data2/extra').deleteDir()
// data3: training labels inverted (val and test are right), so the model learns the opposite.
ItFixtures.writeBrightDark(new File(basedir, 'data3'), splits, 8, 16)
def t = new File(basedir, 'data3/train')
new File(t, 'bright').renameTo(new File(t, 'tmp'))
new File(t, 'dark').renameTo(new File(t, 'bright'))
new File(t, 'tmp').renameTo(new File(t, 'dark'))
ItFixtures.initRepository(basedir)
true
