import dev.mlops.maven.it.ItFixtures

def repo = localRepositoryPath.toString()
def first = new File(basedir, 'first.log')
def p = ItFixtures.startMaven(basedir, repo, first, 'mlops:train')
// Kill -9 as soon as epoch 2 is checkpointed (its summary line follows the checkpoint write).
def deadline = System.currentTimeMillis() + 240_000
while (!(first.exists() && first.text.contains('epoch 2/8 done')) && p.isAlive() && System.currentTimeMillis() < deadline) {
  sleep 20
}
assert p.isAlive() : "training finished before it could be killed:\n" + first.text
p.destroyForcibly()
p.waitFor()
assert !first.text.contains('model trained:')
assert new File(basedir, 'target/mlops/train').list().length > 0 : 'no checkpoint left behind'

def second = new File(basedir, 'second.log')
assert ItFixtures.await(ItFixtures.startMaven(basedir, repo, second, 'mlops:train')) == 0 : second.text
assert second.text =~ /resuming from the checkpoint of epoch [2-7]/
assert second.text.contains('model resumed and trained:')

def twin = new File(basedir, 'twin')
def third = new File(basedir, 'twin.log')
assert ItFixtures.await(ItFixtures.startMaven(twin, repo, third, 'mlops:train')) == 0 : third.text
assert third.text.contains('model trained:')
byte[] resumed = new File(basedir, 'target/mlops/model/params').bytes
byte[] uninterrupted = new File(twin, 'target/mlops/model/params').bytes
assert Arrays.equals(resumed, uninterrupted) : 'the resumed run ended with other weights than an uninterrupted one'
true
