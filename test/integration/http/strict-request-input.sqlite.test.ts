import { createDatabase } from '../../../src/core/database/create-database.js';
import { describeStrictRequestInput } from './strict-request-input-suite.js';

describeStrictRequestInput('SQLite', async () => createDatabase('sqlite::memory:'));
