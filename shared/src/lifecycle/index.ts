export { ShutdownSequence, type ShutdownStep } from './shutdown-sequence.ts';
export { onShutdownSignal, type ShutdownSignalOptions } from './shutdown-signal.ts';
