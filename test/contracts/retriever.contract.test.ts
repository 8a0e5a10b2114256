import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LocalRetriever } from '../../src/core/retrieval/local-retriever.js';
import { createLocalRetriever } from '../../src/core/retrieval/local-retriever.js';
import { describeRetrieverContract } from './retriever.contract.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The local retriever has no per-test wire state: index each knowledge base once. */
function once(kbDir: string): () => Promise<LocalRetriever> {
  let retriever: Promise<LocalRetriever> | undefined;
  return () => (retriever ??= createLocalRetriever({ kbDir }));
}

describeRetrieverContract('local (fixture kb)', once(path.join(root, 'test/fixtures/kb')));

// The shipped knowledge base too: it must load, and answer the questions every demo starts with.
describeRetrieverContract('local (shipped kb/)', once(path.join(root, 'kb')), {
  onTopic: { text: 'How do I reset my password?', language: 'en' },
  otherOnTopic: { text: 'Welche Zahlungsmethoden akzeptieren Sie?', language: 'de' },
  offTopic: { text: 'Can you write me a poem about the sea?', language: 'en' },
});
