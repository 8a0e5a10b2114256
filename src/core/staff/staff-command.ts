import { parseArgs } from 'node:util';
import { generatePassword } from './password-hash.js';
import { passwordProblem, staffNameProblem } from './staff-account.js';
import type { StaffRepository } from './staff-repository.js';

export const STAFF_USAGE = `Usage:
  parley staff add NAME [--password-stdin]   create a staff account; prints a generated password once,
                                             or reads the password from the first line of stdin
  parley staff list                          list staff accounts
  parley staff remove NAME                   delete a staff account (their open sessions end)
`;

export interface StaffCommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** The whole of stdin, for --password-stdin. */
  readStdin(): Promise<string>;
}

/** `parley staff …`: returns the exit code. The repository is opened by the caller (cli.ts). */
export async function runStaffCommand(
  args: string[],
  io: StaffCommandIo,
  repository: StaffRepository,
): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'password-stdin': { type: 'boolean', default: false } },
  });
  const [subcommand, ...names] = positionals;
  const name = names.join(' ').trim();
  switch (subcommand) {
    case 'add': {
      const nameProblem = staffNameProblem(name);
      if (nameProblem) {
        io.stderr.write(`${nameProblem}\n${STAFF_USAGE}`);
        return 2;
      }
      let password = generatePassword();
      if (values['password-stdin']) {
        password = ((await io.readStdin()).split(/\r?\n/)[0] ?? '').trimEnd();
        const problem = passwordProblem(password);
        if (problem) {
          io.stderr.write(`${problem}\n`);
          return 2;
        }
      }
      if (!(await repository.add({ name, password }))) {
        io.stderr.write(
          `A staff account named "${name}" exists already. Remove it first with: parley staff remove "${name}"\n`,
        );
        return 1;
      }
      io.stdout.write(
        values['password-stdin']
          ? `Staff account "${name}" created.\n`
          : `Staff account "${name}" created. Password (shown once, keep it safe):\n${password}\n`,
      );
      return 0;
    }
    case 'list': {
      const accounts = await repository.list();
      if (accounts.length === 0)
        io.stdout.write('No staff accounts. Add one with: parley staff add NAME\n');
      for (const account of accounts) io.stdout.write(`${account.name}\t${account.createdAt}\n`);
      return 0;
    }
    case 'remove': {
      if (!name) {
        io.stderr.write(`Name the account to remove.\n${STAFF_USAGE}`);
        return 2;
      }
      if (!(await repository.remove(name))) {
        io.stderr.write(`No staff account named "${name}". See: parley staff list\n`);
        return 1;
      }
      io.stdout.write(`Staff account "${name}" removed.\n`);
      return 0;
    }
    default:
      io.stderr.write(`Unknown staff command "${subcommand ?? ''}".\n${STAFF_USAGE}`);
      return 2;
  }
}
