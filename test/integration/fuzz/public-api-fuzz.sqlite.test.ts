import { createDatabase } from '../../../src/core/database/create-database.js';
import { describePublicApiFuzz } from './public-api-fuzz-suite.js';

describePublicApiFuzz('SQLite', async () => createDatabase('sqlite::memory:'), {
  messages: 400,
  events: 150,
  feedback: 150,
  minimumRequests: 700,
});
