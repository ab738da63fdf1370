export * from './client.ts';
export { GroupCommit, type GroupCommitOptions } from './group-commit.ts';
