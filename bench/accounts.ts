import { randomUUID } from 'node:crypto';
import { createRedis, type ForwardedToken, loadConfig } from '@fcfs/shared';
import { usersEnv } from '../subgraphs/users/src/config.ts';
import { connectUsersDatabase } from '../subgraphs/users/src/db/client.ts';
import { users } from '../subgraphs/users/src/db/schema/index.ts';
import { createPasswordHasher } from '../subgraphs/users/src/domain/passwords/hasher.ts';
import { createPiiCipher } from '../subgraphs/users/src/domain/pii/cipher.ts';
import { createAccessTokenSigner } from '../subgraphs/users/src/domain/sessions/access-token.ts';
import { ensureRevocationEpoch } from '../subgraphs/users/src/domain/sessions/revocation-epoch.ts';
import { BUYER_PASSWORD } from '../test/support/buyers.ts';

export interface BenchAccount {
  id: string;
  email: string;
}

/** A buyer logged in before the sale: the token for the gateway, its claims for a request signed like the gateway's. */
export interface BuyerSession {
  userId: string;
  token: string;
  claims: ForwardedToken;
}

const INSERT_BATCH = 500;

/**
 * Buyer accounts written straight into the users database with the users domain's own encryption, blind index
 * and bcrypt (mail verification through the catcher takes ~100 ms a buyer; ten thousand would take the whole
 * time budget). One bcrypt hash serves every buyer: each login still pays a full compare at its cost.
 */
export class AccountFactory {
  readonly password = BUYER_PASSWORD;
  private readonly config = loadConfig(usersEnv, {
    ...process.env,
    DATABASE_URL: process.env.USERS_DATABASE_URL,
  });
  private readonly database = connectUsersDatabase(this.config.DATABASE_URL);
  private readonly pii = createPiiCipher(this.config.PII_KEYS, this.config.PII_INDEX_KEY);
  private readonly signer = createAccessTokenSigner({
    privateKey: this.config.JWT_PRIVATE_KEY_FILE,
    issuer: this.config.JWT_ISSUER,
    audience: this.config.JWT_AUDIENCE,
    ttlMs: this.config.ACCESS_TOKEN_TTL,
  });
  private readonly redis = createRedis(this.config.REDIS_URL, { connectionName: 'bench-accounts' });
  private readonly bcryptCost: number;

  constructor(bcryptCost: number) {
    this.bcryptCost = bcryptCost;
  }

  async create(count: number, label: string): Promise<BenchAccount[]> {
    // The gateway refuses tokens issued before Redis's revocation epoch, or all of them while it is missing:
    // set it (as users does before signing) before any session below is signed.
    await ensureRevocationEpoch(this.redis, new Date());
    const passwordHash = await createPasswordHasher(this.bcryptCost).hash(this.password);
    const accounts: BenchAccount[] = [];
    for (let start = 0; start < count; start += INSERT_BATCH) {
      const now = new Date();
      const emails = Array.from(
        { length: Math.min(INSERT_BATCH, count - start) },
        (_, offset) => `${label}-${start + offset}@bench.fcfs.test`,
      );
      const inserted = await this.database.db
        .insert(users)
        .values(
          emails.map((email) => ({
            emailIndex: this.pii.emailIndex(email),
            emailCiphertext: this.pii.encrypt('email', email),
            nameCiphertext: this.pii.encrypt('name', 'Bench Buyer'),
            addressCiphertext: this.pii.encrypt('address', '1 Bench Street, Seoul'),
            phoneCiphertext: null,
            passwordHash,
            role: 'CUSTOMER' as const,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .$returningId();
      inserted.forEach(({ id }, index) => {
        const email = emails[index];
        if (email) accounts.push({ id: String(id), email });
      });
    }
    return accounts;
  }

  /** What a login would hand out, signed with the users key: for buyers who logged in before the sale. */
  session(account: BenchAccount): BuyerSession {
    const sessionId = randomUUID();
    const issued = this.signer.sign({ userId: account.id, role: 'CUSTOMER', sessionId });
    return {
      userId: account.id,
      token: issued.token,
      claims: { jti: issued.jti, expiresAt: Math.floor(issued.expiresAt.getTime() / 1_000), sessionId },
    };
  }

  close(): Promise<void> {
    this.redis.disconnect();
    return this.database.close();
  }
}
