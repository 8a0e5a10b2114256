import { createStorage } from '../../../src/core/storage/create-storage.js';
import { describeOpsApi } from './ops-api-suite.js';

describeOpsApi('SQLite', async () => createStorage('sqlite::memory:'));
