export { addressEventKey, openAddressEvent, sealAddressEvent } from './address-events.ts';
export {
  DATA_KEY_PREFIX,
  isSealedWithDataKey,
  type KeyEncryptionKey,
  newDataKey,
  openWithDataKey,
  sealWithDataKey,
  unwrapDataKey,
  wrapDataKey,
} from './data-keys.ts';
export { ordersPiiKey } from './derived-keys.ts';
