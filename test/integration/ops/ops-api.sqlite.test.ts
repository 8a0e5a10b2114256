import { createDatabase } from '../../../src/core/database/create-database.js';
import { describeOpsApi } from './ops-api-suite.js';

describeOpsApi('SQLite', async () => createDatabase('sqlite::memory:'));
