// The gateway reads these keys, so their names live in shared: one spelling for writer and reader.
export { REVOCATION_EPOCH_KEY, revokedJtiKey, revokedSessionKey, revokedUserKey } from '@fcfs/shared';
