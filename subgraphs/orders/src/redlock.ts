/**
 * redlock 5's package.json `exports` leaves out its type declarations, so TypeScript (NodeNext) cannot see
 * them through the bare specifier; they are imported by path and laid over the runtime import, here once.
 */

// @ts-expect-error TS7016: the runtime module is typed by the declaration imported above.
import RedlockRuntime from 'redlock';
import type RedlockClass from '../node_modules/redlock/dist/index.d.ts';

export type { Lock } from '../node_modules/redlock/dist/index.d.ts';
export type Redlock = RedlockClass;
export const Redlock: typeof RedlockClass = RedlockRuntime;
