export { ShutdownSequence, type ShutdownStep } from './shutdown-sequence.ts';
export {
  onShutdownSignal,
  type ShutdownRequest,
  type ShutdownSignalOptions,
  shutdownOnRequest,
} from './shutdown-signal.ts';
export { runWorkerCluster, type WorkerClusterOptions } from './worker-cluster.ts';
