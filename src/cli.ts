#!/usr/bin/env node
import { parseArgs } from 'node:util';
import {
  createLanguageDetector,
  isLanguageDetectorEngine,
  LANGUAGE_DETECTOR_ENGINES,
} from './core/language/create-language-detector.js';
import { runDetectLanguage } from './core/language/detect-language-command.js';

const USAGE = `Usage: parley <command> [options]

Commands:
  serve                          start the service (same as npm start)
  detect-language [--engine E]   read one text per line on stdin, print one language code per line
                                 (E: ${LANGUAGE_DETECTOR_ENGINES.join(' | ')}, default eld)
  kb index [--dir DIR]           check and index the local knowledge base, print passages per language
  eval routing --file F.jsonl    routing accuracy, confusion matrix, reason recall and cost per 1,000 turns
  eval routing --from-ops        turn ops reviews into an evaluation set (see parley eval routing --help)
  eval answers --from-ops        list the questions with the answers customers rated
  staff add NAME [--password-stdin] | staff list | staff remove NAME
                                 named accounts for the /ops inbox (see parley staff help)
  help                           show this help
`;

/** `parley` command line; each command is a thin wrapper over core functions. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      await import('./server.js');
      return -1;
    case 'detect-language': {
      const { values } = parseArgs({
        args: rest,
        options: { engine: { type: 'string', default: 'eld' } },
      });
      if (!isLanguageDetectorEngine(values.engine)) {
        process.stderr.write(
          `Unknown engine "${values.engine}". Use one of: ${LANGUAGE_DETECTOR_ENGINES.join(', ')}.\n`,
        );
        return 2;
      }
      const detector = await createLanguageDetector(values.engine);
      await runDetectLanguage(process.stdin, process.stdout, detector);
      return 0;
    }
    case 'kb': {
      const { positionals, values } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { dir: { type: 'string', default: process.env.KB_DIR ?? './kb' } },
      });
      if (positionals[0] !== 'index') {
        process.stderr.write(
          `Unknown kb command "${positionals[0] ?? ''}". Use: parley kb index [--dir DIR]\n`,
        );
        return 2;
      }
      const { loadKnowledgeBase } = await import('./core/retrieval/knowledge-base-loader.js');
      const knowledgeBase = await loadKnowledgeBase(values.dir);
      const perLanguage = new Map<string, number>();
      for (const passage of knowledgeBase.passages)
        perLanguage.set(
          passage.language ?? 'unknown',
          (perLanguage.get(passage.language ?? 'unknown') ?? 0) + 1,
        );
      process.stdout.write(
        `Knowledge base ${values.dir}: version ${knowledgeBase.version}, ${knowledgeBase.articleCount} articles, ${knowledgeBase.passages.length} passages\n`,
      );
      for (const [language, count] of [...perLanguage].sort())
        process.stdout.write(`  ${language}: ${count} passages\n`);
      for (const warning of knowledgeBase.warnings) process.stdout.write(`  warning: ${warning}\n`);
      return 0;
    }
    case 'eval': {
      // Evaluations through the real pipeline (src/core/evaluation/); composition root passed in.
      const { runEvalFromCli } = await import('./core/evaluation/eval-cli.js');
      const [{ loadConfig }, { createServices }, { parleyMigrations }] = await Promise.all([
        import('./config.js'),
        import('./create-services.js'),
        import('./migrations.js'),
      ]);
      return runEvalFromCli(rest, { loadConfig, createServices, migrations: parleyMigrations });
    }
    case 'staff': {
      const [{ loadConfig }, { createDatabase }, { parleyMigrations }, staff, command] =
        await Promise.all([
          import('./config.js'),
          import('./core/database/create-database.js'),
          import('./migrations.js'),
          import('./core/staff/staff-repository.js'),
          import('./core/staff/staff-command.js'),
        ]);
      const database = createDatabase(loadConfig().DATABASE_URL);
      try {
        await database.migrate(parleyMigrations(database.dialect));
        return await command.runStaffCommand(
          rest,
          { stdout: process.stdout, stderr: process.stderr, readStdin },
          staff.createStaffRepository(database),
        );
      } finally {
        await database.close();
      }
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
