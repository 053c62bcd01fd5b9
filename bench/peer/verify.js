// DIVOC's verification stack in-process, for side-by-side runs with certgate: jsonld-signatures
// 6.0.0 + jsonld 2.0.2 + crypto-ld 3.9.0, set up as DIVOC's certificate verifier sets it up
// (RsaSignature2018 / Ed25519Signature2018 suite, AssertionProofPurpose, an offline document
// loader). Contexts come from certgate's contexts/ directory; nothing is fetched.
//
//   node verify.js [--seconds S] [--cert FILE]... [--corpus FILE] [--key PEM] [--method M]
//                  [--ed25519-key FILE]
//
// Prints one line: verifies/s on one core (Node runs the verification on one thread), plus a
// JSON line for scripts. Every certificate is verified once before timing; a failure aborts.
'use strict';

const fs = require('fs');
const path = require('path');
const jsigs = require('jsonld-signatures');
const jsonld = require('jsonld');
const {RSAKeyPair, Ed25519KeyPair} = require('crypto-ld');

const {RsaSignature2018, Ed25519Signature2018} = jsigs.suites;
const {AssertionProofPurpose} = jsigs.purposes;

const repo = path.resolve(__dirname, '..', '..');

function parseArgs(argv) {
  const o = {
    seconds: 5,
    certs: [],
    corpus: null,
    key: null,
    method: null,
    ed25519Key: null,
    contexts: path.join(repo, 'contexts'),
  };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    const v = () => {
      if (i + 1 >= argv.length) throw new Error(a + ' needs a value');
      return argv[++i];
    };
    if (a === '--seconds') o.seconds = Number(v());
    else if (a === '--cert') o.certs.push(v());
    else if (a === '--corpus') o.corpus = v();
    else if (a === '--key') o.key = v();
    else if (a === '--method') o.method = v();
    else if (a === '--ed25519-key') o.ed25519Key = v();
    else if (a === '--contexts') o.contexts = v();
    else throw new Error('unknown option ' + a);
  }
  if (o.certs.length === 0 && !o.corpus) {
    o.certs.push(path.join(repo, 'tests/data/divoc/certificates',
                           'rsa_cowin_v2_ddcc_certid-712988986_dose2.json'));
  }
  if (!o.key) o.key = path.join(repo, 'tests/data/divoc/keys/divoc-test-rsa2048.pub.pem');
  if (!o.method) o.method = o.corpus ? 'did:certgate:issuer' : 'did:india';
  return o;
}

// DIVOC's verifier serves its contexts from memory; so does this loader (contexts/index.json).
function offlineLoader(dir) {
  const index = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'));
  const docs = {};
  for (const [url, file] of Object.entries(index)) {
    docs[url] = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  }
  return async (url) => {
    if (docs[url]) return {contextUrl: null, documentUrl: url, document: docs[url]};
    throw new Error('offline loader: unknown context ' + url);
  };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const documentLoader = offlineLoader(o.contexts);
  const controllerId = 'https://certgate.example/issuer';

  const rsaPublic = {
    '@context': jsigs.SECURITY_CONTEXT_URL,
    id: o.method,
    type: 'RsaVerificationKey2018',
    controller: controllerId,
    publicKeyPem: fs.readFileSync(o.key, 'utf8'),
  };
  const controller = {
    '@context': jsigs.SECURITY_CONTEXT_URL,
    id: controllerId,
    publicKey: [rsaPublic],
    assertionMethod: [rsaPublic.id],
  };
  const rsaSuite = new RsaSignature2018({key: new RSAKeyPair({...rsaPublic})});
  let edSuite = null;
  if (o.ed25519Key) {
    const k = JSON.parse(fs.readFileSync(o.ed25519Key, 'utf8'));
    const edPublic = {...k, id: o.method, controller: controllerId};
    edSuite = new Ed25519Signature2018({key: new Ed25519KeyPair(edPublic)});
  }
  const purpose = () => new AssertionProofPurpose({controller});

  let docs = o.certs.map((f) => JSON.parse(fs.readFileSync(f, 'utf8')));
  if (o.corpus) {
    docs = fs.readFileSync(o.corpus, 'utf8').split('\n').filter((l) => l.startsWith('valid\t'))
        .slice(0, 5000).map((l) => JSON.parse(l.split('\t')[4]));
  }

  const verifyOne = async (doc) => {
    const suite = doc.proof && doc.proof.type === 'Ed25519Signature2018' ? edSuite : rsaSuite;
    const r = await jsigs.verify(doc, {suite, purpose: purpose(), documentLoader,
                                       compactProof: false});
    return r.verified;
  };

  for (const d of docs) {
    if (!(await verifyOne(d))) {
      console.error('peer: a certificate does not verify with DIVOC\'s stack; refusing to time it');
      const r = await jsigs.verify(d, {suite: rsaSuite, purpose: purpose(), documentLoader,
                                       compactProof: false});
      console.error(JSON.stringify(r.error || r, null, 1).slice(0, 2000));
      process.exit(1);
    }
  }
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(o.seconds * 1e9));
  let n = 0;
  while (process.hrtime.bigint() < deadline) {
    await verifyOne(docs[n % docs.length]);
    ++n;
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  const rate = n / elapsed;
  console.log(`peer (jsonld-signatures 6.0.0, jsonld 2.0.2, crypto-ld 3.9.0, node ${process.version}): ` +
              `${docs.length} distinct certificate(s), ${n} verifies in ${elapsed.toFixed(2)} s = ` +
              `${rate.toFixed(0)} /s on one core`);
  console.log(JSON.stringify({peer_verifies_per_s: rate, certificates: docs.length, n, elapsed_s: elapsed}));
}

main().catch((e) => {
  console.error('peer:', e && e.stack || e);
  process.exit(2);
});
