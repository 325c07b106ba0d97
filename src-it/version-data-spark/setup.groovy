import dev.mlops.maven.it.ItFixtures

def data = new File(basedir, 'data')
ItFixtures.writeDataset(data, ['all'], ['cat', 'dog', 'bird'], 20, 1)
// class folders: move all/<class> up one level
new File(data, 'all').eachDir { it.renameTo(new File(data, it.name)) }
new File(data, 'all').delete()
// oddities: a file that is not an image, an empty image, a nested folder, duplicate contents
new File(data, 'cat/notes.txt').text = 'not an image'
new File(data, 'dog/empty.png').bytes = new byte[0]
ItFixtures.writeImage(new File(data, 'bird/nested/deep.png'), 999, 24)
new File(data, 'dog/copy.png').bytes = new File(data, 'cat').listFiles().find { it.name.endsWith('.png') }.bytes
ItFixtures.initRepository(basedir)
true
