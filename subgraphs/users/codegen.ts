import { subgraphCodegen } from '@fcfs/shared/codegen';

export default subgraphCodegen('../context.ts#UsersContext', {
  User: '../db/schema/index.ts#UserRow',
  UserConnection: '../domain/admin/list-users.ts#UserPage',
  AuthPayload: '../domain/sessions/start-session.ts#SessionPayload',
});
