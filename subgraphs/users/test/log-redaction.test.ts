import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '@fcfs/shared';
import { GraphQLError } from 'graphql';
import { users as usersTable } from '../src/db/schema/index.ts';
import { newProfile, signUpUser } from './operations.ts';
import { startTestUsers, type Users } from './users-harness.ts';

let users: Users;

before(async () => {
  users = await startTestUsers();
});
after(() => users.close());

/** A service logger whose lines the test reads instead of stdout. */
function capturedLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger('users', 'info', destination), text: () => lines.join('') };
}

describe('log lines and SQL parameters', () => {
  test('a failed insert of ciphertexts and a password hash is logged with its statement, never its values', async () => {
    const account = await signUpUser(users, newProfile('log-redaction'));
    const { pii, passwords } = users.deps;
    const now = new Date();
    const row = {
      emailIndex: pii.emailIndex(account.profile.email),
      emailCiphertext: pii.encrypt('email', account.profile.email),
      nameCiphertext: pii.encrypt('name', 'Kim Log'),
      addressCiphertext: pii.encrypt('address', '1 Log Street'),
      phoneCiphertext: null,
      passwordHash: await passwords.hash('a password for the log test'),
      createdAt: now,
      updatedAt: now,
    };
    // The email is taken: MySQL refuses the row, and the error carries every value of the statement.
    const failure = await users.deps.db
      .insert(usersTable)
      .values(row)
      .then(() => assert.fail('the duplicate row was inserted'))
      .catch((error: unknown) => error);
    assert.ok(failure instanceof Error);
    assert.match(failure.message, /params: /);
    assert.ok(failure.message.includes(row.passwordHash), 'the driver error does carry the values');

    const { logger, text } = capturedLogger();
    logger.error({ err: failure }, 'internal error');
    logger.error(failure);
    logger.warn({ err: new GraphQLError('resolver failed', { originalError: failure }) }, 'wrapped');
    const logged = text();

    for (const secret of [
      row.emailIndex,
      row.emailCiphertext,
      row.nameCiphertext,
      row.addressCiphertext,
      row.passwordHash,
    ]) {
      assert.ok(!logged.includes(secret), `a log line carries ${secret.slice(0, 12)}…:\n${logged}`);
    }
    const entries = logged
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string; err: { message: string; params?: unknown } });
    assert.equal(entries.length, 3);
    assert.match(
      entries[0]?.err.message ?? '',
      /^Failed query: insert into `users` .*\nparams: \[redacted\]/s,
    );
    assert.equal(entries[0]?.err.params, '[redacted]');
    assert.match(entries[1]?.msg ?? '', /^Failed query: insert into `users` .*\nparams: \[redacted\]$/s);
  });
});
